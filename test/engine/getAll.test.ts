/**
 * Get Many: pages through GET /v2/customer until SpherePay says there is no next page,
 * whatever size its pages are; one output item per customer, paired with the item that asked.
 */
import type { INodeParameters } from 'n8n-workflow';

import { useEmulator } from './fixtures';
import { runNode } from './harness';

const getAll = (parameters: INodeParameters = {}): INodeParameters => ({ resource: 'customer', operation: 'getAll', ...parameters });

describe('Get Many customers', () => {
	// SpherePay's maximum page size is undocumented: the emulator sends at most 3 whatever is asked.
	const env = useEmulator({ maxPageSize: 3 });
	const seed = (count: number, fields: (i: number) => Record<string, unknown> = () => ({})) =>
		Array.from({ length: count }, (_, i) => env.emulator.seedLinkCustomer({ email: `c${i}@example.com`, ...fields(i) }));

	test('Return All: every customer once, newest first, with verificationStatus, paging until hasNext is false', async () => {
		const ids = seed(10);
		const { output, error } = await runNode({ parameters: getAll({ returnAll: true }), credential: env.credential });
		expect(error).toBeUndefined();
		expect(output.map((o) => o.json.id)).toEqual([...ids].reverse());
		expect(output.every((o) => o.json.verificationStatus === 'incomplete' && o.pairedItem && (o.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(env.emulator.requests.map((r) => r.query)).toEqual([1, 2, 3, 4].map((page) => ({ page: String(page), limit: '100' })));
	});

	test('Limit (default 50): at most that many, the same page size on every page', async () => {
		seed(10);
		const { output } = await runNode({ parameters: getAll({ limit: 5 }), credential: env.credential });
		expect(output).toHaveLength(5);
		expect(env.emulator.requests.map((r) => r.query)).toEqual([
			{ page: '1', limit: '5' },
			{ page: '2', limit: '5' },
		]);
		const defaults = await runNode({ parameters: getAll(), credential: env.credential });
		expect(defaults.output).toHaveLength(10);
	});

	test('filters are sent as SpherePay’s query parameters', async () => {
		seed(6, (i) => ({ firstName: i === 2 ? 'Grace' : 'Ada', type: i % 2 ? 'business' : 'individual' }));
		env.emulator.setVerification([...env.emulator.customers.keys()][2], 'approved');
		const { output } = await runNode({
			parameters: getAll({ returnAll: true, filters: { search: ' grace ', status: 'approved', type: 'individual', email: 'c2@example.com' } }),
			credential: env.credential,
		});
		expect(output.map((o) => o.json.email)).toEqual(['c2@example.com']);
		expect(env.emulator.requests[0].query).toEqual({ search: 'grace', email: 'c2@example.com', status: 'approved', type: 'individual', page: '1', limit: '100' });
	});

	test('a customer on two pages (the list moved while paging) is output once', async () => {
		const customer = (id: string) => ({ id, type: 'individual', verificationProfiles: [] });
		env.emulator.fault({ path: '/v2/customer', status: 200, json: { customers: [customer('customer_a'), customer('customer_b')], pagination: { page: 1, hasNext: true } } });
		env.emulator.fault({ path: '/v2/customer', status: 200, json: { customers: [customer('customer_b'), customer('customer_c')], pagination: { page: 2, hasNext: false } } });
		const { output } = await runNode({ parameters: getAll({ returnAll: true }), credential: env.credential });
		expect(output.map((o) => o.json.id)).toEqual(['customer_a', 'customer_b', 'customer_c']);
	});

	test('an empty page that claims a next page is an error, not an endless loop', async () => {
		env.emulator.fault({ path: '/v2/customer', status: 200, json: { customers: [], pagination: { page: 1, hasNext: true } } });
		const { error } = await runNode({ parameters: getAll({ returnAll: true }), credential: env.credential });
		expect(error?.message).toBe('SpherePay answered 200 an empty page 1 that claims a next page [item 0]');
		expect(env.emulator.requests).toHaveLength(1);
	});

	test('two input items: each one’s customers, paired with it; with Continue On Fail a failing item gives one error item', async () => {
		seed(4);
		const { output } = await runNode({
			parameters: getAll({ returnAll: false, limit: '={{ $json.limit }}' }),
			items: [{ limit: 2 }, { limit: 0 }, { limit: 3 }],
			credential: env.credential,
			continueOnFail: true,
		});
		expect(output.map((o) => (o.pairedItem as { item: number }).item)).toEqual([0, 0, 1, 2, 2, 2]);
		expect(output[2].json).toMatchObject({ error: 'Limit must be a whole number of at least 1 [item 1]', field: 'limit' });
	});
});
