import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { router } from '../../nodes/SpherePay/actions/router';
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
