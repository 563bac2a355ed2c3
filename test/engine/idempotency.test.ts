import { SAMPLE_422 } from '../samples';
import { createParameters, useEmulator } from './fixtures';
import { runNode } from './harness';

describe('Idempotency Key (Create Customer via Link)', () => {
	const env = useEmulator();
	const withKey = (key: string) => createParameters({ options: { idempotencyKey: key } });

	test('off by default: no Idempotency-Key header', async () => {
		await runNode({ parameters: createParameters(), credential: env.credential });
		expect(env.emulator.requests[0].headers).not.toHaveProperty('idempotency-key');
	});

	test('a key from an expression is sent as the header, one per item', async () => {
		const { error } = await runNode({
			parameters: createParameters({
				email: '={{ $json.email }}',
				options: { idempotencyKey: '=onboard-{{ $json.email }}' },
			}),
			items: [{ email: 'a@example.com' }, { email: 'b@example.com' }],
			credential: env.credential,
		});
		expect(error).toBeUndefined();
		expect(env.emulator.requests.map((r) => r.headers['idempotency-key']).sort()).toEqual([
			'onboard-a@example.com',
			'onboard-b@example.com',
		]);
	});

	test('a reused key: SpherePay refuses it, the node says so and creates nothing', async () => {
		const first = await runNode({ parameters: withKey('row-17'), credential: env.credential });
		expect(first.error).toBeUndefined();
		const again = await runNode({ parameters: withKey('row-17'), credential: env.credential, continueOnFail: true });
		expect(env.emulator.customers.size).toBe(1);
		expect(again.output[0].json).toMatchObject({
			error: 'SpherePay refused the Idempotency Key: a request already used it [item 0]',
			idempotencyKeyReused: true,
			httpCode: 409,
			code: 'idempotency/key-reused',
			correlationId: expect.any(String),
		});
		expect(again.output[0].json.description).toContain(
			'That earlier request may have created the customer: Look for a customer with the email jane.smith@example.com',
		);
		expect(again.output[0].json.description).toContain('give it a new key');
	});

	test('a key is used up even by a request SpherePay refused', async () => {
		const refused = await runNode({
			parameters: createParameters({ state: '', options: { idempotencyKey: 'row-18' } }),
			credential: env.credential,
		});
		expect(refused.error?.message).toBe('Invalid request parameters [item 0]');
		expect(refused.error?.description).toContain('State: State is required for USA');
		const fixed = await runNode({ parameters: withKey('row-18'), credential: env.credential });
		expect(fixed.error?.message).toBe('SpherePay refused the Idempotency Key: a request already used it [item 0]');
	});

	test('recognised however SpherePay words it: a 422 pointing at the header', async () => {
		env.emulator.fault({
			status: 422,
			json: {
				...SAMPLE_422,
				detail: 'Validation failed',
				errors: [{ header: 'Idempotency-Key', detail: 'key already used' }],
			},
		});
		const { error } = await runNode({ parameters: withKey('row-19'), credential: env.credential });
		expect(error?.message).toBe('SpherePay refused the Idempotency Key: a request already used it [item 0]');
	});

	test('without a key, a 409 is just SpherePay’s error', async () => {
		env.emulator.fault({ status: 409, json: { status: 409, detail: 'Customer already exists', code: 'customer/exists' } });
		const { error } = await runNode({ parameters: createParameters(), credential: env.credential });
		expect(error?.message).toBe('Customer already exists [item 0]');
	});

	test.each([
		['x'.repeat(256), 'Idempotency Key is longer than 255 characters [item 0]'],
		['ключ-1', 'Idempotency Key can only contain ASCII letters, digits, punctuation and spaces [item 0]'],
		['line\nbreak', 'Idempotency Key can only contain ASCII letters, digits, punctuation and spaces [item 0]'],
	])('a key that cannot be a header is refused before sending: %j', async (key, message) => {
		const { error } = await runNode({ parameters: withKey(key), credential: env.credential });
		expect(error?.message).toBe(message);
		expect(env.emulator.requests).toHaveLength(0);
	});
});
