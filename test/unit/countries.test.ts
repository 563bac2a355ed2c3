import fs from 'node:fs';

import { COUNTRIES } from '../../nodes/SpherePay/helpers/countries';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const generator = require('../tooling/countries');

test('the shipped table is what scripts/generate-countries.js makes from i18n-iso-countries', () => {
	expect(fs.readFileSync(generator.target, 'utf8')).toBe(generator.render(generator.countryRows()));
});

test('every country, its codes and its name, as i18n-iso-countries has them, in the same order', () => {
	expect(COUNTRIES).toEqual(generator.countryRows().map(({ alpha2, alpha3, name }: Record<string, string>) => [alpha2, alpha3, name]));
});

test('codes are unique, well-formed, and sorted by name', () => {
	expect(COUNTRIES.length).toBeGreaterThanOrEqual(249);
	expect(new Set(COUNTRIES.map(([a2]) => a2)).size).toBe(COUNTRIES.length);
	expect(new Set(COUNTRIES.map(([, a3]) => a3)).size).toBe(COUNTRIES.length);
	for (const [alpha2, alpha3, name] of COUNTRIES) {
		expect(alpha2).toMatch(/^[A-Z]{2}$/);
		expect(alpha3).toMatch(/^[A-Z]{3}$/);
		expect(name.length).toBeGreaterThan(1);
	}
	const names = COUNTRIES.map(([, , name]) => name);
	expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
});
