/**
 * Create Terms of Service Link, run by n8n-core against the emulator: SpherePay's `{link,
 * expiresAt}` becomes `{customerId, url, expiresAt}`, and this endpoint's errors come as
 * ProblemDetails or as the legacy `{ts, error: {general}}` body.
 */
import { API_KEY, tosLinkParameters, useEmulator, PICKER_VALUES } from './fixtures';
import { runListSearch, runNode } from './harness';

const LINK = 'https://spherepay.co/tos?token=abc';

describe('Create Terms of Service Link', () => {
	const env = useEmulator();
	const tosLinks = (id: string) => env.emulator.customers.get(id).tosLinks as Array<{ link: string; expiresAt: string }>;

	test('posts to the customer’s tos-link path without a body and outputs the link', async () => {
		const id = env.emulator.seedLinkCustomer({});
		const { output, error } = await runNode({ parameters: tosLinkParameters(id), credential: env.credential });

		expect(error).toBeUndefined();
		expect(env.emulator.requests.map((r) => [r.method, r.url, r.rawBody, r.headers.authorization])).toEqual([
			['POST', `/v2/customer/${id}/tos-link`, '', `Bearer ${API_KEY}`],
		]);
		const [issued] = tosLinks(id);
		expect(output).toEqual([{ json: { customerId: id, url: issued.link, expiresAt: issued.expiresAt }, pairedItem: { item: 0 } }]);
	});

	test.each([200, 201, 202])('a %i answer without expiresAt: expiresAt is null', async (status) => {
		const id = env.emulator.seedLinkCustomer({});
		env.emulator.fault({ path: `/v2/customer/${id}/tos-link`, status, json: { link: LINK } });
		const { output, error } = await runNode({ parameters: tosLinkParameters(id), credential: env.credential });
		expect(error).toBeUndefined();
		expect(output).toEqual([{ json: { customerId: id, url: LINK, expiresAt: null }, pairedItem: { item: 0 } }]);
	});

	test('a 201 answer with expiresAt: taken as SpherePay sent it', async () => {
		const id = env.emulator.seedLinkCustomer({});
		const expiresAt = '2026-12-09T08:00:00.000Z';
		env.emulator.fault({ path: `/v2/customer/${id}/tos-link`, status: 201, json: { link: LINK, expiresAt } });
		const { output } = await runNode({ parameters: tosLinkParameters(id), credential: env.credential });
		expect(output).toEqual([{ json: { customerId: id, url: LINK, expiresAt }, pairedItem: { item: 0 } }]);
	});

	test.each([
		['without link', { json: { expiresAt: '2026-12-09T08:00:00.000Z' } }, /^SpherePay answered 200 without link \[item 0\]$/],
		['with an empty link', { json: { link: '' } }, /^SpherePay answered 200 without link \[item 0\]$/],
		['with a numeric expiresAt', { json: { link: LINK, expiresAt: 1765267200 } }, /^SpherePay answered 200 with an expiresAt that is not a time \[item 0\]$/],
		['with a list', { json: [{ link: LINK }] }, /^SpherePay answered 200 with a body that is not a JSON object instead of the Terms of Service link \[item 0\]$/],
		['that is not JSON', { body: '{"link": ', contentType: 'application/json' }, /^SpherePay answered 200 with a body that is not JSON instead of the Terms of Service link \[item 0\]$/],
	])('a 200 answer %s is an error, not an output', async (_name, answer, message) => {
		const id = env.emulator.seedLinkCustomer({});
		env.emulator.fault({ path: `/v2/customer/${id}/tos-link`, status: 200, ...answer });
		const { output, error } = await runNode({ parameters: tosLinkParameters(id), credential: env.credential });
		expect(output).toEqual([]);
		expect(error?.message).toMatch(message);
	});

	test('the legacy 404 body: the error names the customer and shows SpherePay’s error.general', async () => {
		const id = 'customer_0000000000000000';
		const { error } = await runNode({ parameters: tosLinkParameters(id), credential: env.credential });
		expect(env.emulator.requests).toHaveLength(1);
		expect(error?.message).toBe(`SpherePay has no customer "${id}" [item 0]`);
		expect(error?.description).toContain(
			`SpherePay said: Customer ${id} DNE for user. Please check that you are correctly specifying both the id and mock query param if in use.`,
		);
		expect((error as { httpCode?: string }).httpCode).toBe('404');
	});

	test('a ProblemDetails 422: SpherePay’s detail, code and the Customer ID field', async () => {
		const { error } = await runNode({ parameters: tosLinkParameters('Customer-1'), credential: env.credential });
		expect(error?.message).toBe('Validation failed [item 0]');
		expect(error?.description).toContain('Code: validation/failed.');
		expect(error?.description).toMatch(/Fields: Customer ID: /);
		expect((error as { httpCode?: string }).httpCode).toBe('422');
	});

	test('a 502 is retried, as asking again only issues another link', async () => {
		const id = env.emulator.seedLinkCustomer({});
		env.emulator.fault({ path: `/v2/customer/${id}/tos-link`, status: 502, body: '<html>Bad Gateway</html>', contentType: 'text/html' });
		const { output, error } = await runNode({
			parameters: { ...tosLinkParameters(id), options: { maxRetries: 2 } },
			credential: env.credential,
		});
		expect(error).toBeUndefined();
		expect(env.emulator.requests.map((r) => r.status)).toEqual([502, 200]);
		expect(output.map((o) => o.json.url)).toEqual([tosLinks(id)[0].link]);
	});

	test('Continue On Fail: an unknown customer fails alone, each output paired with its input', async () => {
		const a = env.emulator.seedLinkCustomer({});
		const b = env.emulator.seedLinkCustomer({});
		const unknown = 'customer_404';
		const { output, error } = await runNode({
			parameters: tosLinkParameters('={{ $json.id }}'),
			items: [{ id: a }, { id: unknown }, { id: b }],
			credential: env.credential,
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json).toEqual({ customerId: a, url: tosLinks(a)[0].link, expiresAt: tosLinks(a)[0].expiresAt });
		expect(output[1].json).toMatchObject({ error: `SpherePay has no customer "${unknown}" [item 1]`, httpCode: 404 });
		expect(output[2].json).toEqual({ customerId: b, url: tosLinks(b)[0].link, expiresAt: tosLinks(b)[0].expiresAt });
	});

	describe('version 2: the Customer picker', () => {
		test.each(PICKER_VALUES)('%s', async (_mode, value) => {
			const id = env.emulator.seedLinkCustomer({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' });
			const { output, error } = await runNode({
				parameters: tosLinkParameters(value(id)),
				items: [{ id }],
				credential: env.credential,
				typeVersion: 2,
			});
			expect(error).toBeUndefined();
			expect(env.emulator.requests.map((r) => r.path)).toEqual([`/v2/customer/${id}/tos-link`]);
			expect(output.map((o) => o.json.customerId)).toEqual([id]);
		});

		test('the value the picker’s search offers runs as it is', async () => {
			env.emulator.seedLinkCustomer({ email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper' });
			const ada = env.emulator.seedLinkCustomer({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' });
			const { results } = await runListSearch('searchCustomers', env.credential, 'lovelace');
			expect(results).toHaveLength(1);
			const [picked] = results;
			env.emulator.requests.length = 0;
			const { output, error } = await runNode({
				parameters: tosLinkParameters({ __rl: true, mode: 'list', value: picked.value, cachedResultName: picked.name }),
				credential: env.credential,
				typeVersion: 2,
			});
			expect(error).toBeUndefined();
			expect(env.emulator.requests.map((r) => r.path)).toEqual([`/v2/customer/${ada}/tos-link`]);
			expect(output[0].json).toEqual({ customerId: ada, url: tosLinks(ada)[0].link, expiresAt: tosLinks(ada)[0].expiresAt });
		});
	});
});
