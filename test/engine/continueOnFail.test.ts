import { SAMPLE_422 } from '../samples';
import { createParameters, regenerateParameters, useEmulator } from './fixtures';
import { runNode } from './harness';

describe('Continue On Fail: every input item yields exactly one output item', () => {
	const env = useEmulator();

	test('a mixed batch keeps order and pairing, with the error details on failed items', async () => {
		const items = [
			{ email: 'ok1@example.com', phone: '+14155550101', state: 'IL' },
			{ email: 'broken@', phone: '+14155550102', state: 'IL' }, // refused before sending
			{ email: 'ok2@example.com', phone: '+14155550103', state: '' }, // SpherePay: 400 state required
			{ email: 'ok3@example.com', phone: '415', state: 'IL' }, // refused before sending
			{ email: 'ok4@example.com', phone: '+14155550105', state: 'IL' },
		];
		const { output, error } = await runNode({
			parameters: createParameters({
				email: '={{ $json.email }}',
				phone: '={{ $json.phone }}',
				state: '={{ $json.state }}',
			}),
			items,
			credential: env.credential,
			continueOnFail: true,
		});

		expect(error).toBeUndefined();
		expect(output).toHaveLength(items.length);
		expect(output.map((o) => o.pairedItem)).toEqual(items.map((_, item) => ({ item })));

		const created = [...env.emulator.customers.values()];
		expect(created.map((c) => c.email).sort()).toEqual(['ok1@example.com', 'ok4@example.com']);
		const linkOf = (customerId: unknown) => env.emulator.customers.get(String(customerId))?.links[0];
		expect(env.emulator.customers.get(String(output[0].json.customerId))?.email).toBe('ok1@example.com');
		expect(output[0].json).toEqual(linkOf(output[0].json.customerId));
		expect(env.emulator.customers.get(String(output[4].json.customerId))?.email).toBe('ok4@example.com');
		expect(output[4].json).toEqual(linkOf(output[4].json.customerId));

		expect(output[1].json).toEqual({
			error: 'Email is not a valid email address [item 1]',
			description: 'Got "broken@". Use the form name@example.com, without spaces or display names.',
			field: 'email',
		});
		expect(output[2].json).toMatchObject({
			error: 'Invalid request parameters [item 2]',
			httpCode: 400,
			code: 'address/invalid',
			correlationId: expect.stringMatching(/^[0-9a-f]{32}$/),
			fieldErrors: [{ field: 'State', pointer: '/address/state', detail: 'State is required for USA' }],
		});
		expect(output[3].json).toMatchObject({ error: 'Phone must start with + and the country code (E.164) [item 3]', field: 'phone' });
		// Only valid items reached SpherePay.
		expect(env.emulator.requests).toHaveLength(3);
	});

	test('regenerate: unknown customers fail alone, the others get links', async () => {
		const made = await runNode({ parameters: createParameters(), credential: env.credential });
		const { customerId } = made.output[0].json as { customerId: string };

		const { output } = await runNode({
			parameters: regenerateParameters('={{ $json.id }}'),
			items: [{ id: 'customer_missing' }, { id: customerId }, { id: '' }],
			credential: env.credential,
			continueOnFail: true,
		});

		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json).toMatchObject({
			error: 'SpherePay has no onboarding-link customer with this ID [item 0]',
			httpCode: 404,
			code: 'resource/not-found',
		});
		expect(output[1].json.customerId).toBe(customerId);
		expect(output[2].json).toMatchObject({ error: 'Customer ID is required [item 2]', field: 'customerId' });
	});

	test('without Continue On Fail the first failure stops the node with its item index', async () => {
		const { output, error } = await runNode({
			parameters: { ...regenerateParameters('={{ $json.id }}'), options: { concurrency: 1 } },
			items: [{ id: 'customer_a' }, { id: 'customer_b' }],
			credential: env.credential,
		});
		expect(output).toEqual([]);
		expect(error?.message).toBe('SpherePay has no onboarding-link customer with this ID [item 0]');
		expect(env.emulator.requests).toHaveLength(1);
	});

	test('with requests in flight, the lowest failing item is reported and nothing new starts', async () => {
		const known = env.emulator.seedLinkCustomer({});
		const ids = ['customer_a', known, 'customer_b', ...Array.from({ length: 20 }, () => known)];
		const { output, error } = await runNode({
			parameters: { ...regenerateParameters('={{ $json.id }}'), options: { concurrency: 3 } },
			items: ids.map((id) => ({ id })),
			credential: env.credential,
		});
		expect(output).toEqual([]);
		expect(error?.message).toBe('SpherePay has no onboarding-link customer with this ID [item 0]');
		// Items 0–2 start together; after item 0 fails, at most the two running workers finish.
		expect(env.emulator.requests.length).toBeLessThanOrEqual(5);
	});

	test('200 mixed items (valid, invalid, 422, 429 once, 429 always): 200 outputs in order, no duplicates', async () => {
		const kinds = ['invalid', 'rejected', 'throttledOnce', 'throttled', 'valid'] as const;
		const items = Array.from({ length: 200 }, (_, i) => {
			const kind = kinds[i % kinds.length];
			return { kind, email: kind === 'invalid' ? `item${i}@` : `${kind}.${i}@example.com` };
		});
		const retryNow = { 'Retry-After': '0' };
		env.emulator.fault({ times: 1000, when: (body) => body?.email.startsWith('rejected.'), status: 422, json: SAMPLE_422 });
		env.emulator.fault({ times: 1000, when: (body) => body?.email.startsWith('throttled.'), status: 429, json: { status: 429, detail: 'Too many requests' }, headers: retryNow });
		const throttledOnce = new Set<string>();
		env.emulator.fault({
			times: 1000,
			when: (body) => body?.email.startsWith('throttledOnce.') && !throttledOnce.has(body.email) && Boolean(throttledOnce.add(body.email)),
			status: 429,
			json: { status: 429, detail: 'Too many requests' },
			headers: retryNow,
		});

		const { output, error } = await runNode({
			parameters: createParameters({ email: '={{ $json.email }}', options: { maxRetries: 1, requestsPerSecond: 0 } }),
			items,
			credential: env.credential,
			continueOnFail: true,
		});

		expect(error).toBeUndefined();
		expect(output).toHaveLength(200);
		expect(output.map((o) => o.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		output.forEach(({ json }, i) => {
			const { kind, email } = items[i];
			if (kind === 'valid' || kind === 'throttledOnce') {
				expect(env.emulator.customers.get(String(json.customerId))?.email).toBe(email);
			} else if (kind === 'invalid') {
				expect(json).toMatchObject({ error: `Email is not a valid email address [item ${i}]`, field: 'email' });
			} else if (kind === 'rejected') {
				expect(json).toMatchObject({ error: `${SAMPLE_422.detail} [item ${i}]`, httpCode: 422 });
			} else {
				expect(json).toMatchObject({ error: `Too many requests [item ${i}]`, httpCode: 429 });
				expect(json.description).toContain('Tried 2 times.');
			}
		});
		const emails = [...env.emulator.customers.values()].map((c) => c.email);
		expect(emails).toHaveLength(80);
		expect(new Set(emails).size).toBe(80);
		// Invalid items were never sent; 429s were retried once.
		expect(env.emulator.requests).toHaveLength(40 + 2 * 40 + 2 * 40 + 40);
	});
});
