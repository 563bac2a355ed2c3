import type { INodeParameters } from 'n8n-workflow';

import { createParameters, useEmulator } from './fixtures';
import { runNode } from './harness';

describe('Bad input is refused before any request, naming the field and the item', () => {
	const env = useEmulator();

	const cases: Array<[string, INodeParameters, RegExp]> = [
		['email empty in the item', { email: '={{ $json.email }}' }, /^Email is required \[item 0\]$/],
		['malformed email', { email: 'jane.smith@' }, /^Email is not a valid email address \[item 0\]$/],
		['email over 254 characters', { email: `${'a'.repeat(250)}@example.com` }, /^Email is longer than 254 characters/],
		['phone without +', { phone: '415 555 0123' }, /^Phone must start with \+ and the country code \(E\.164\) \[item 0\]$/],
		['phone with letters', { phone: '+1 415 CALL NOW' }, /^Phone is not an E\.164 phone number \[item 0\]$/],
		['phone too short', { phone: '+12345' }, /^Phone is not an E\.164 phone number/],
		['missing address line 1', { addressLine1: ' ' }, /^Address Line 1 is required \[item 0\]$/],
		['address line 2 over 255', { addressLine2: 'x'.repeat(256) }, /^Address Line 2 is longer than 255 characters/],
		['city over 255', { city: 'y'.repeat(300) }, /^City is longer than 255 characters/],
		['unknown country', { country: 'Atlantis' }, /^Country is not an ISO 3166-1 country code \[item 0\]$/],
		['country empty in the item', { country: '={{ $json.country }}' }, /^Country is required \[item 0\]$/],
		['customer type from an expression', { customerType: '={{ "person" }}' }, /^Customer Type must be one of: individual, business/],
		['an object from an expression', { email: '={{ { a: 1 } }}' }, /^Email must be text, not an object \[item 0\]$/],
	];

	test.each(cases)('%s', async (_name, overrides, message) => {
		const { error, output } = await runNode({
			parameters: createParameters(overrides),
			credential: env.credential,
		});
		expect(error?.message).toMatch(message);
		expect(error?.name).toBe('NodeOperationError');
		expect(output).toEqual([]);
		expect(env.emulator.requests).toHaveLength(0);
	});

	test('n8n itself refuses to start with a required field left empty in the panel', async () => {
		await expect(
			runNode({ parameters: createParameters({ email: '' }), credential: env.credential }),
		).rejects.toThrow('The workflow has issues');
		expect(env.emulator.requests).toHaveLength(0);
	});

	test('says how to fix it', async () => {
		const phone = await runNode({ parameters: createParameters({ phone: '4155550123' }), credential: env.credential });
		expect(phone.error?.description).toBe(
			'Got "4155550123". Write it with + and the country code, e.g. +14155550123. Spaces, dashes, dots and parentheses are removed for you.',
		);
		const country = await runNode({
			parameters: createParameters({ country: 'Germany' }),
			credential: env.credential,
		});
		expect(country.error?.description).toContain('Did you mean DEU (Germany)?');
	});

	test('names the failing item: the third of three', async () => {
		const { error } = await runNode({
			parameters: createParameters({ email: '={{ $json.email }}' }),
			items: [{ email: 'a@example.com' }, { email: 'b@example.com' }, { email: 'not-an-email' }],
			credential: env.credential,
		});
		expect(error?.message).toBe('Email is not a valid email address [item 2]');
		expect((error as { context?: { itemIndex?: number } }).context?.itemIndex).toBe(2);
		// Every item is checked first: no customer is created for the two good ones either.
		expect(env.emulator.requests).toHaveLength(0);
	});
});
