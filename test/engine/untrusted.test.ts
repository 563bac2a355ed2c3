/**
 * Whatever an answer holds, the node stays in control: answers larger than it reads are cut
 * off unread, a body that trickles ends in a time-out that says so, error pointers named like
 * JavaScript's own properties are only field names, and the Base URL only carries the key in
 * the clear inside a private network.
 */
import { REFUSED_KEY_MESSAGE } from '../../nodes/shared/constants';
import { MAX_ANSWER_BYTES } from '../../nodes/shared/transport/body';
import { createParameters, useEmulator } from './fixtures';
import { runNode, testCredential } from './harness';

const getParameters = (customerId: string) => ({ resource: 'customer', operation: 'get', customerId });

describe('answers larger than the node reads', () => {
	const env = useEmulator();
	// A valid customer with a 9 MiB name: JSON that would parse, if it were read.
	const enormous = (extra: Record<string, unknown>) =>
		JSON.stringify({ ...extra, firstName: 'x'.repeat(MAX_ANSWER_BYTES + 1024 * 1024) });

	test(`Get Customer: a ${MAX_ANSWER_BYTES / 1024 / 1024} MiB+ answer is cut off with a clear error, not held in memory`, async () => {
		const id = env.emulator.seedLinkCustomer({});
		env.emulator.fault({ path: `/v2/customer/${id}`, status: 200, body: enormous({ id, type: 'individual' }), contentType: 'application/json' });
		const { output, error, run } = await runNode({ parameters: getParameters(id), credential: env.credential, continueOnFail: true });
		expect(error).toBeUndefined();
		expect(output).toHaveLength(1);
		expect(output[0].json.error).toBe('SpherePay answered 200 with more than 8 MiB; the answer was not read [item 0]');
		expect(output[0].json.httpCode).toBe(200);
		expect(JSON.stringify(run).length).toBeLessThan(20_000);
		expect(env.emulator.requests).toHaveLength(1);
	});

	test('Create Customer via Link: a 2xx too large to read says the customer was created and how to find it; not sent again', async () => {
		env.emulator.fault({ path: '/v2/customer/kyc-link', status: 201, body: enormous({ customerId: 'customer_1', url: 'https://kyc.example/1' }), contentType: 'application/json' });
		const { error } = await runNode({ parameters: createParameters(), credential: env.credential });
		expect(error?.message).toBe('SpherePay answered 201 with more than 8 MiB; the answer was not read [item 0]');
		expect(error?.description).toMatch(/^SpherePay processed the request\. /);
		expect(env.emulator.requests).toHaveLength(1);
	});

	test('an answer just under the bound is read as usual', async () => {
		const id = env.emulator.seedLinkCustomer({});
		const name = 'y'.repeat(MAX_ANSWER_BYTES - 1024);
		env.emulator.fault({ path: `/v2/customer/${id}`, status: 200, body: JSON.stringify({ id, type: 'individual', firstName: name, verificationProfiles: [] }), contentType: 'application/json' });
		const { output, error } = await runNode({ parameters: getParameters(id), credential: env.credential });
		expect(error).toBeUndefined();
		expect(output[0].json.firstName).toBe(name);
	});
});

describe('a body that trickles', () => {
	const env = useEmulator();

	test('a read says it timed out after the time-out, not that SpherePay could not be reached', async () => {
		const id = env.emulator.seedLinkCustomer({});
		env.emulator.fault({ path: `/v2/customer/${id}`, network: 'trickle', trickleMs: 200, times: 3 });
		const { error } = await runNode({ parameters: { ...getParameters(id), options: { timeout: 1, maxRetries: 0 } }, credential: env.credential });
		expect(error?.message).toBe('SpherePay did not answer within 1 s [item 0]');
		expect(error?.description).toContain('(ETIMEDOUT)');
		expect(error?.description).toContain('Options → Timeout');
	});
});

describe('error pointers and codes named like JavaScript’s own properties', () => {
	const env = useEmulator();

	test.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
		'pointer %j on a 500 to a create: the HTTP code, correlation ID and "may or may not have been created" all stay',
		async (pointer) => {
			env.emulator.fault({
				path: '/v2/customer/kyc-link',
				status: 500,
				json: { status: 500, detail: 'Internal error', correlationId: 'corr_1', errors: [{ pointer, detail: 'broken' }] },
			});
			const { output } = await runNode({ parameters: createParameters(), credential: env.credential, continueOnFail: true });
			const json = output[0].json;
			expect(json.error).toBe('Internal error; the customer may or may not have been created [item 0]');
			expect(json.httpCode).toBe(500);
			expect(json.correlationId).toBe('corr_1');
			expect(json.outcome).toBe('unknown');
			expect(json.fieldErrors).toEqual([{ field: pointer, pointer, detail: 'broken' }]);
		},
	);

	test.each(['constructor', 'toString', '__proto__'])('parameter %j on a 422: named as it came', async (parameter) => {
		const id = env.emulator.seedLinkCustomer({});
		env.emulator.fault({ path: `/v2/customer/${id}`, status: 422, json: { status: 422, detail: 'Validation failed', errors: [{ parameter, detail: 'bad' }] } });
		const { output } = await runNode({ parameters: getParameters(id), credential: env.credential, continueOnFail: true });
		expect(output[0].json.fieldErrors).toEqual([{ field: parameter, detail: 'bad' }]);
	});
});

describe('plain http carries the API key only inside a private network', () => {
	const env = useEmulator();

	// Reserved names that resolve nowhere: even a regression sends nothing off this machine.
	test.each(['http://api.spherepay.invalid', 'http://gateway.spherepay.invalid:8080/spherepay'])(
		'%s: refused before any request, naming https',
		async (baseUrl) => {
			const { error } = await runNode({ parameters: createParameters(), credential: { ...env.credential, baseUrl } });
			expect(error?.message).toBe('The SpherePay credential’s Base URL must use https:// unless it points at this machine or a private network');
			expect(error?.description).toContain('https://');
		},
	);

	test('the credential test names the problem instead of a connection error', async () => {
		const verdict = await testCredential({ ...env.credential, baseUrl: 'http://api.spherepay.invalid' });
		expect(verdict.status).toBe('Error');
		expect(verdict.message).toMatch(/^The SpherePay credential’s Base URL must use https:\/\//);
	});

	test('the credential test says precisely that a query is not allowed', async () => {
		const verdict = await testCredential({ ...env.credential, baseUrl: `${env.emulator.url}?x=1` });
		expect(verdict.status).toBe('Error');
		expect(verdict.message).toMatch(/^The SpherePay credential’s Base URL must not contain a query/);
		expect(env.emulator.requests).toHaveLength(0);
	});

	test('http to this machine still works, for the node and the credential test', async () => {
		expect((await testCredential(env.credential)).status).toBe('OK');
		const { error } = await runNode({ parameters: createParameters(), credential: env.credential });
		expect(error).toBeUndefined();
	});

	test('a refused key still reads as refused', async () => {
		expect(await testCredential({ ...env.credential, apiKey: 'sk_test_wrong_0000' })).toEqual({ status: 'Error', message: REFUSED_KEY_MESSAGE });
	});
});
