import { redact, REDACTED } from '../../nodes/shared/helpers/text';

describe('redact', () => {
	const key = 'sk_live_0123456789abcdef';

	test('every occurrence, in nested texts and keys; other values unchanged', () => {
		const value = { error: `bad key ${key}${key}`, list: [1, null, true, { [key]: `x${key}` }], n: 2 };
		expect(redact(value, key)).toEqual({ error: `bad key ${REDACTED}${REDACTED}`, list: [1, null, true, { [REDACTED]: `x${REDACTED}` }], n: 2 });
		expect(value.error).toBe(`bad key ${key}${key}`);
	});

	test('a key named __proto__ stays data', () => {
		const value = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
		const copy = redact(value, key);
		expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
		expect(JSON.stringify(copy)).toBe('{"__proto__":{"polluted":true}}');
	});

	test('a secret shorter than 8 characters is not looked for', () => {
		expect(redact({ text: 'the key' }, 'key')).toEqual({ text: 'the key' });
	});
});
