/**
 * Each fault the network or SpherePay can produce, for both operations: the expected
 * outcome, and never a customer created twice (customers created = items that succeeded).
 */
import { createParameters, regenerateParameters, useEmulator } from './fixtures';
import { runNode } from './harness';

type Fault = Parameters<ReturnType<typeof useEmulator>['emulator']['fault']>[0];

const SUCCESS = 'success';
interface Case {
	fault: () => Fault;
	/** `success`, or a pattern the error message matches. */
	create: typeof SUCCESS | RegExp;
	regenerate: typeof SUCCESS | RegExp;
}

const UNKNOWN = /the customer may or may not have been created \[item 0\]$/;
const NO_ANSWER = /^No answer from SpherePay; the customer may or may not have been created \[item 0\]$/;

const cases: Record<string, Case> = {
	'429 with Retry-After in seconds': {
		fault: () => ({ status: 429, headers: { 'Retry-After': '1' } }),
		create: SUCCESS,
		regenerate: SUCCESS,
	},
	'429 with Retry-After as an HTTP date': {
		fault: () => ({ status: 429, headers: { 'Retry-After': new Date(Date.now() + 1000).toUTCString() } }),
		create: SUCCESS,
		regenerate: SUCCESS,
	},
	'429 without Retry-After': {
		fault: () => ({ status: 429, json: { status: 429, detail: 'Too many requests' } }),
		create: SUCCESS,
		regenerate: SUCCESS,
	},
	'500 with ProblemDetails': {
		fault: () => ({ status: 500, json: { status: 500, detail: 'Internal server error', correlationId: 'c1' } }),
		create: UNKNOWN,
		regenerate: SUCCESS,
	},
	'502 with an HTML body': {
		fault: () => ({ status: 502, body: '<html><h1>502 Bad Gateway</h1></html>', contentType: 'text/html' }),
		create: UNKNOWN,
		regenerate: SUCCESS,
	},
	'503 with an empty body': { fault: () => ({ status: 503 }), create: UNKNOWN, regenerate: SUCCESS },
	'504 from a gateway': {
		fault: () => ({ status: 504, body: 'upstream timed out', contentType: 'text/plain' }),
		create: UNKNOWN,
		regenerate: SUCCESS,
	},
	'an answer that never comes (time-out)': {
		fault: () => ({ network: 'hang' }),
		create: NO_ANSWER,
		regenerate: SUCCESS,
	},
	'connection reset before the body is read': {
		fault: () => ({ network: 'reset-before-body' }),
		create: NO_ANSWER,
		regenerate: SUCCESS,
	},
	'connection reset after the body is read': {
		fault: () => ({ network: 'reset-after-body' }),
		create: NO_ANSWER,
		regenerate: SUCCESS,
	},
	'201 with malformed JSON': {
		fault: () => ({ status: 201, body: '{"customerId": "customer_1", "url": ', contentType: 'application/json' }),
		create: /^SpherePay answered 201 with a body that is not JSON instead of the KYC link \[item 0\]$/,
		regenerate: /^SpherePay answered 201 with a body that is not JSON/,
	},
	'201 with an empty body': {
		fault: () => ({ status: 201 }),
		create: /^SpherePay answered 201 with an empty body instead of the KYC link \[item 0\]$/,
		regenerate: /^SpherePay answered 201 with an empty body/,
	},
	'201 without customerId': {
		fault: () => ({ status: 201, json: { url: 'https://in.sumsub.com/x', expiresAt: '2026-12-19T00:00:00.000Z' } }),
		create: /^SpherePay answered 201 without customerId \[item 0\]$/,
		regenerate: /without customerId/,
	},
	'201 without url': {
		fault: () => ({ status: 201, json: { customerId: 'customer_1', expiresAt: '2026-12-19T00:00:00.000Z' } }),
		create: /without url \[item 0\]$/,
		regenerate: /without url/,
	},
	'201 without expiresAt': {
		fault: () => ({ status: 201, json: { customerId: 'customer_1', url: 'https://in.sumsub.com/x' } }),
		create: /without expiresAt \[item 0\]$/,
		regenerate: /without expiresAt/,
	},
};

describe('fault matrix', () => {
	const env = useEmulator();
	const options = { timeout: 1, maxRetries: 2 };

	describe.each(Object.entries(cases))('%s', (_name, { fault, create, regenerate }) => {
		test('Create Customer via Link', async () => {
			env.emulator.fault({ path: '/v2/customer/kyc-link', ...fault() });
			const { output, error } = await runNode({
				parameters: { ...createParameters(), options },
				credential: env.credential,
			});
			const succeeded = create === SUCCESS ? 1 : 0;
			if (create === SUCCESS) {
				expect(error).toBeUndefined();
				const [customer] = [...env.emulator.customers.values()];
				expect(output).toEqual([{ json: customer.links[0], pairedItem: { item: 0 } }]);
			} else {
				expect(error?.message).toMatch(create);
			}
			// Never a duplicate: an ambiguous failure of a create is not sent again.
			expect(env.emulator.customers.size).toBe(succeeded);
			if (create !== SUCCESS) expect(env.emulator.requests).toHaveLength(1);
		});

		test('Regenerate KYC Link', async () => {
			const id = env.emulator.seedLinkCustomer({});
			env.emulator.fault({ path: `/v2/customer/${id}/kyc-link`, ...fault() });
			const { output, error } = await runNode({
				parameters: { ...regenerateParameters(id), options },
				credential: env.credential,
			});
			const links = env.emulator.customers.get(id).links;
			if (regenerate === SUCCESS) {
				expect(error).toBeUndefined();
				expect(output).toEqual([{ json: links.at(-1), pairedItem: { item: 0 } }]);
				expect(links).toHaveLength(1);
			} else {
				expect(error?.message).toMatch(regenerate);
			}
			expect(env.emulator.customers.size).toBe(1);
		});
	});

	test('an unreachable base URL is retried, then named (nothing was sent, so a create may retry)', async () => {
		const { error } = await runNode({
			parameters: { ...createParameters(), options: { maxRetries: 1 } },
			credential: { ...env.credential, baseUrl: 'http://127.0.0.1:9' },
		});
		expect(error?.message).toBe('Could not reach SpherePay at http://127.0.0.1:9 [item 0]');
		expect(error?.description).toContain('(ECONNREFUSED)');
		expect(error?.description).toContain('Tried 2 times.');
	});

	test('regenerate gives up after its retries with the last answer', async () => {
		const id = env.emulator.seedLinkCustomer({});
		env.emulator.fault({ path: `/v2/customer/${id}/kyc-link`, status: 503, times: 3 });
		const { error } = await runNode({
			parameters: { ...regenerateParameters(id), options: { maxRetries: 2 } },
			credential: env.credential,
		});
		expect(error?.message).toBe('SpherePay answered 503 Service Unavailable without error details [item 0]');
		expect(error?.description).toContain('Tried 3 times.');
		expect(env.emulator.requests).toHaveLength(3);
	});
});
