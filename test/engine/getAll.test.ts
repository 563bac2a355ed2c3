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
		// Pages 2–4 go out together: they may arrive in any order.
		expect(env.emulator.requests.map((r) => r.query).sort((a, b) => Number(a.page) - Number(b.page))).toEqual(
			[1, 2, 3, 4].map((page) => ({ page: String(page), limit: '100' })),
		);
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

	describe('with the number of pages known, the pages after the first are asked for together', () => {
		/** The page the request being answered asked for. */
		const currentPage = () => Number(env.emulator.requests.at(-1)!.query.page);
		const pagesAsked = () => env.emulator.requests.map((r) => Number(r.query.page));
		const upTo = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

		test('at most Concurrency at once, each page once, the customers in the API’s order', async () => {
			const ids = seed(30); // 10 pages of 3
			// The first four pages after page 1 wait until a fifth request is in flight (it must
			// not be) or 1 s passes: they are surely in flight together, however busy the machine.
			env.emulator.fault({ when: () => currentPage() > 1, times: 4, holdUntilInFlight: 5, delayMs: 1000 });
			const { output, error } = await runNode({ parameters: getAll({ returnAll: true, options: { concurrency: 4 } }), credential: env.credential });
			expect(error).toBeUndefined();
			expect(env.emulator.stats.maxInFlight).toBe(4);
			expect(pagesAsked().sort((a, b) => a - b)).toEqual(upTo(10));
			expect(output.map((o) => o.json.id)).toEqual([...ids].reverse());
		});

		test('a page answered after the pages behind it still comes first', async () => {
			const ids = seed(30);
			env.emulator.fault({ when: () => currentPage() === 2, delayMs: 1000 });
			const { output } = await runNode({ parameters: getAll({ returnAll: true, options: { concurrency: 4 } }), credential: env.credential });
			const receivedAt = (page: number) => env.emulator.requests.find((r) => Number(r.query.page) === page)!.receivedAt;
			// Page 10 was asked for while page 2 was still on its way.
			expect(receivedAt(10) - receivedAt(2)).toBeLessThan(1000);
			expect(output.map((o) => o.json.id)).toEqual([...ids].reverse());
		});

		test('Concurrency 1: one page after another, in page order', async () => {
			seed(30);
			// Each page waits 50 ms, or less if a second request arrives (it must not).
			env.emulator.fault({ when: () => true, times: 10, holdUntilInFlight: 2, delayMs: 50 });
			const { output } = await runNode({ parameters: getAll({ returnAll: true, options: { concurrency: 1 } }), credential: env.credential });
			expect(output).toHaveLength(30);
			expect(env.emulator.stats.maxInFlight).toBe(1);
			expect(pagesAsked()).toEqual(upTo(10));
		});

		test('a Limit asks only for the pages that can hold it', async () => {
			const ids = seed(30);
			const { output } = await runNode({ parameters: getAll({ limit: 7 }), credential: env.credential });
			expect(output.map((o) => o.json.id)).toEqual([...ids].reverse().slice(0, 7));
			expect(pagesAsked().sort((a, b) => a - b)).toEqual([1, 2, 3]);

			env.emulator.requests.length = 0;
			const one = await runNode({ parameters: getAll({ limit: 3 }), credential: env.credential });
			expect(one.output).toHaveLength(3);
			expect(pagesAsked()).toEqual([1]);
		});

		test('a page that fails is the item’s error; no page after it is asked for', async () => {
			seed(30);
			env.emulator.fault({ when: () => currentPage() === 3, status: 200, json: { customers: [], pagination: { page: 3, totalPages: 10, hasNext: true } } });
			const { error } = await runNode({ parameters: getAll({ returnAll: true, options: { concurrency: 1 } }), credential: env.credential });
			expect(error?.message).toBe('SpherePay answered 200 an empty page 3 that claims a next page [item 0]');
			expect(pagesAsked()).toEqual([1, 2, 3]);
		});

		test('a customer created while paging: each customer once, and the page it pushes past the known last page is read too', async () => {
			const ids = seed(9); // 3 pages of 3
			let created: string | undefined;
			// Once page 1 is answered, a customer is created before any other page is: every
			// later page is one customer further on, and a 4th page appears.
			env.emulator.fault({
				when: () => {
					if (currentPage() > 1) created ??= env.emulator.seedLinkCustomer({ email: 'new@example.com' });
					return false;
				},
			});
			const { output, error } = await runNode({ parameters: getAll({ returnAll: true }), credential: env.credential });
			expect(error).toBeUndefined();
			expect(created).toBeDefined();
			expect(output.map((o) => o.json.id)).toEqual([...ids].reverse());
			// Pages 2 and 3 together; page 4 once page 3 says it has a next one.
			expect(pagesAsked().sort((a, b) => a - b)).toEqual([1, 2, 3, 4]);
			expect(pagesAsked()[3]).toBe(4);
		});

		test.each([
			['absent', {}],
			['not a number', { totalPages: '3' }],
			['zero', { totalPages: 0 }],
		])('totalPages %s: one page after another until hasNext is false', async (_label, pagination) => {
			const customer = (id: string) => ({ id, type: 'individual', verificationProfiles: [] });
			for (const page of [1, 2, 3]) {
				// Each answer waits 50 ms, or less if a second request arrives (it must not).
				env.emulator.fault({
					path: '/v2/customer',
					status: 200,
					json: { customers: [customer(`customer_${page}`)], pagination: { page, hasNext: page < 3, ...pagination } },
					holdUntilInFlight: 2,
					delayMs: 50,
				});
			}
			const { output } = await runNode({ parameters: getAll({ returnAll: true, options: { concurrency: 4 } }), credential: env.credential });
			expect(output.map((o) => o.json.id)).toEqual(['customer_1', 'customer_2', 'customer_3']);
			expect(env.emulator.stats.maxInFlight).toBe(1);
			expect(pagesAsked()).toEqual([1, 2, 3]);
		});

		test('several items together stay within the Concurrency option', async () => {
			const ids = seed(30);
			// As above: four pages wait for a fifth request in flight (it must not come) or 1 s.
			env.emulator.fault({ when: () => currentPage() > 1, times: 4, holdUntilInFlight: 5, delayMs: 1000 });
			const { output, error } = await runNode({
				parameters: getAll({ returnAll: true, options: { concurrency: 4 } }),
				items: [{}, {}],
				credential: env.credential,
			});
			expect(error).toBeUndefined();
			expect(env.emulator.stats.maxInFlight).toBe(4);
			const ofItem = (item: number) => output.filter((o) => (o.pairedItem as { item: number }).item === item).map((o) => o.json.id);
			expect(ofItem(0)).toEqual([...ids].reverse());
			expect(ofItem(1)).toEqual([...ids].reverse());
		});
	});
});
