import type { Emulator } from './fixtures';
import { API_KEY, createParameters, regenerateParameters, useEmulator } from './fixtures';
import { runNode } from './harness';

async function createCustomer(emulator: Emulator, credential: Record<string, unknown>) {
	const { output } = await runNode({ parameters: createParameters(), credential: credential as never });
	emulator.requests.length = 0;
	return output[0].json as { customerId: string; url: string; expiresAt: string };
}

describe('Regenerate KYC Link, run by n8n-core against the emulator', () => {
	const env = useEmulator();

	test('posts to the customer’s kyc-link path and outputs the new link', async () => {
		const first = await createCustomer(env.emulator, env.credential);

		const { output, error } = await runNode({
			parameters: regenerateParameters(first.customerId),
			credential: env.credential,
		});

		expect(error).toBeUndefined();
		expect(env.emulator.requests).toHaveLength(1);
		const [request] = env.emulator.requests;
		expect(request.method).toBe('POST');
		expect(request.url).toBe(`/v2/customer/${first.customerId}/kyc-link`);
		expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
		expect(request.rawBody).toBe('');

		const links = env.emulator.customers.get(first.customerId).links;
		expect(links).toHaveLength(2);
		expect(output).toEqual([{ json: links[1], pairedItem: { item: 0 } }]);
		expect(output[0].json.url).not.toBe(first.url);
	});

	test('takes the customer ID from each item', async () => {
		const a = await createCustomer(env.emulator, env.credential);
		const b = await createCustomer(env.emulator, env.credential);

		const { output, error } = await runNode({
			parameters: regenerateParameters('={{ $json.customerId }}'),
			items: [{ customerId: b.customerId }, { customerId: ` ${a.customerId} ` }],
			credential: env.credential,
		});

		expect(error).toBeUndefined();
		expect(env.emulator.requests.map((r) => r.url)).toEqual([
			`/v2/customer/${b.customerId}/kyc-link`,
			`/v2/customer/${a.customerId}/kyc-link`,
		]);
		expect(output.map((o) => [o.json.customerId, o.pairedItem])).toEqual([
			[b.customerId, { item: 0 }],
			[a.customerId, { item: 1 }],
		]);
	});

	test.each([
		'a/b',
		'../x',
		'../../v2/customer/kyc-link',
		'?q=1',
		'x#frag',
		'a b',
		'%2F',
		'%2e%2e',
		'customer_ü✓',
		'a\\b',
		'x;y=1',
	])('keeps customer ID %j in one encoded path segment', async (customerId) => {
		const { error } = await runNode({
			parameters: regenerateParameters(customerId),
			credential: env.credential,
		});

		expect(env.emulator.requests).toHaveLength(1);
		const { url } = env.emulator.requests[0];
		const match = /^\/v2\/customer\/([^/?#]+)\/kyc-link$/.exec(url);
		expect(match).not.toBeNull();
		expect(decodeURIComponent(match![1])).toBe(customerId);
		// No such customer: SpherePay answers 404, shown as a clear error.
		expect(error?.message).toBe('SpherePay has no onboarding-link customer with this ID [item 0]');
	});

	test.each(['.', '..', '', '   '])('refuses customer ID %j before sending', async (customerId) => {
		const { error } = await runNode({
			parameters: regenerateParameters('={{ $json.id }}'),
			items: [{ id: customerId }],
			credential: env.credential,
		});
		expect(env.emulator.requests).toHaveLength(0);
		expect(error?.message).toMatch(/^Customer ID (is required|is not a customer ID) \[item 0\]$/);
	});

	test('explains a 404: unknown customer or not created through the onboarding-link flow', async () => {
		const { error } = await runNode({
			parameters: regenerateParameters('customer_00000000000000000000000000000000'),
			credential: env.credential,
		});
		expect(error?.message).toBe('SpherePay has no onboarding-link customer with this ID [item 0]');
		expect(error?.description).toContain('not created through the onboarding-link flow');
		expect(error?.description).toContain('Code: resource/not-found.');
		expect(error?.description).toMatch(/Correlation ID: [0-9a-f]{32}/);
		expect((error as { httpCode?: string }).httpCode).toBe('404');
	});

	test('shows SpherePay’s answer for a customer from another onboarding flow', async () => {
		const id = env.emulator.seedDirectCustomer();
		const { error } = await runNode({ parameters: regenerateParameters(id), credential: env.credential });
		expect(error?.message).toBe('Customer was not created via the onboarding link flow [item 0]');
		expect(error?.description).toContain('Fields: Customer ID: not an onboarding-link customer.');
		expect(error?.description).toContain('Code: customer/unsupported-flow.');
	});
});
