import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { router, runOperation } from '../../nodes/SpherePay/actions/router';
import type { ItemInput, OperationModule } from '../../nodes/SpherePay/actions/types';
import { SAMPLE_NODE } from '../samples';

const node = SAMPLE_NODE;

/**
 * A Regenerate KYC Link run over `count` items against a fake n8n context that logs, in
 * order, each item's Customer ID being read and each request being sent.
 */
async function run({ count, continueOnFail, invalid = [] }: { count: number; continueOnFail: boolean; invalid?: number[] }) {
	const log: string[] = [];
	const context = {
		getInputData: () => Array.from({ length: count }, (_, i) => ({ json: { i } })),
		getNode: () => node,
		continueOnFail: () => continueOnFail,
		getNodeParameter: (name: string, itemIndex: number) => {
			if (name === 'resource') return 'customer';
			if (name === 'operation') return 'regenerateKycLink';
			if (name === 'options') return {};
			log.push(`read ${itemIndex}`);
			return invalid.includes(itemIndex) ? '' : `customer_${itemIndex}`;
		},
		getCredentials: async () => ({ apiKey: 'sk_test_router', environment: 'custom', baseUrl: 'http://api.test' }),
		getExecutionCancelSignal: () => undefined,
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
				const id = /customer\/([^/]+)\//.exec(options.url)![1];
				log.push(`send ${id}`);
				return {
					statusCode: 201,
					headers: {},
					body: { customerId: id, url: `https://kyc.test/${id}`, expiresAt: '2026-12-20T00:00:00.000Z' },
				};
			},
		},
	} as unknown as IExecuteFunctions;
	const [output] = await router.call(context);
	return { log, output };
}

describe('router: when requests start', () => {
	test('without Continue On Fail, every item is read before the first request', async () => {
		const { log, output } = await run({ count: 100, continueOnFail: false });
		expect(log.indexOf('send customer_0')).toBe(100);
		expect(output).toHaveLength(100);
	});

	test('with Continue On Fail, requests start while later items are still unread', async () => {
		const { log, output } = await run({ count: 100, continueOnFail: true, invalid: [0, 50, 99] });
		const firstSend = log.findIndex((entry) => entry.startsWith('send'));
		expect(firstSend).toBeGreaterThan(0);
		expect(firstSend).toBeLessThan(log.indexOf('read 99'));
		// The same results as reading everything first: one output per input, in order, paired.
		expect(output).toHaveLength(100);
		output.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			if ([0, 50, 99].includes(i)) expect(item.json).toMatchObject({ error: `Customer ID is required [item ${i}]`, field: 'customerId' });
			else expect(item.json.customerId).toBe(`customer_${i}`);
		});
		expect(log.filter((entry) => entry.startsWith('send'))).toHaveLength(97);
	});
});

describe('router: an operation with several requests and output items per input item', () => {
	/** Three pages of two customers for each item; item 1's second page fails. */
	const listOperation: OperationModule = {
		option: { name: 'List', value: 'list', action: 'List things' },
		properties: [],
		repeatable: true,
		prepare: (item: ItemInput) => ({
			errors: { labelForPointer: () => undefined },
			run: async ({ send }) => {
				const output = [];
				for (let page = 1; page <= 3; page++) {
					const { body } = await send({ method: 'GET', path: `/things/${item.itemIndex}`, qs: { page: String(page) } });
					output.push(...(body as IDataObject[]));
				}
				return output;
			},
		}),
	};

	async function runList(continueOnFail: boolean) {
		const sent: string[] = [];
		const context = {
			getInputData: () => [{ json: {} }, { json: {} }, { json: {} }],
			getNode: () => SAMPLE_NODE,
			continueOnFail: () => continueOnFail,
			getNodeParameter: () => ({ maxRetries: 0 }),
			getCredentials: async () => ({ apiKey: 'sk_test_router', environment: 'custom', baseUrl: 'http://api.test' }),
			getExecutionCancelSignal: () => undefined,
			helpers: {
				httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
					const item = options.url.split('/').at(-1);
					const page = (options.qs as Record<string, string>).page;
					sent.push(`${item}:${page}`);
					if (item === '1' && page === '2') return { statusCode: 404, headers: {}, body: { status: 404, detail: 'No such page' } };
					return { statusCode: 200, headers: {}, body: [{ item, page, n: 1 }, { item, page, n: 2 }] };
				},
			},
		} as unknown as IExecuteFunctions;
		return { sent, run: runOperation.call(context, listOperation) };
	}

	test('with Continue On Fail: each item gives all its customers, or one error item, in input order and paired', async () => {
		const { run, sent } = await runList(true);
		const [output] = await run;
		expect(output.map((o) => o.pairedItem)).toEqual([...new Array(6).fill({ item: 0 }), { item: 1 }, ...new Array(6).fill({ item: 2 })]);
		expect(output.slice(0, 6).map((o) => `${o.json.page}.${o.json.n}`)).toEqual(['1.1', '1.2', '2.1', '2.2', '3.1', '3.2']);
		expect(output[6].json).toMatchObject({ error: 'No such page [item 1]', httpCode: 404 });
		expect(sent.filter((s) => s.startsWith('1:'))).toEqual(['1:1', '1:2']);
	});

	test('without it, the failing item stops the node with its index', async () => {
		const { run } = await runList(false);
		await expect(run).rejects.toThrow('No such page [item 1]');
	});
});
