/**
 * Hostile and unusual answers: redirects, trickling bodies, keys with stray whitespace,
 * enormous error texts, and the rate limit's edges.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';

import { NOT_SPHEREPAY_MESSAGE } from '../../nodes/shared/constants';
import { startEmulator } from '../emulator';
import { API_KEY, createParameters, regenerateParameters, useEmulator, type Emulator } from './fixtures';
import { runNode, testCredential } from './harness';

/** The most requests that arrived inside any 1 s window. */
const busiestSecond = (times: number[]) =>
	Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));

describe('redirects are never followed: the API key stays with the base URL', () => {
	const env = useEmulator();
	// Another origin, as a gateway could point to: it must receive nothing at all.
	let elsewhere: Emulator;
	beforeAll(async () => (elsewhere = await startEmulator({ apiKeys: [API_KEY] })));
	afterEach(() => elsewhere.reset());
	afterAll(async () => await elsewhere.close());

	const operations = {
		'Create Customer via Link': { path: '/v2/customer/kyc-link', parameters: () => createParameters() },
		'Regenerate KYC Link': { path: '/v2/customer/customer_1/kyc-link', parameters: () => regenerateParameters('customer_1') },
	};

	describe.each(Object.entries(operations))('%s', (_name, operation) => {
		test.each([301, 302, 303, 307, 308])('%d to another origin: nothing reaches it, one request, a clear error', async (status) => {
			const location = `${elsewhere.url}${operation.path}`;
			env.emulator.fault({ path: operation.path, status, headers: { Location: location } });
			const { output, error } = await runNode({
				parameters: { ...operation.parameters(), options: { maxRetries: 3 } },
				credential: env.credential,
				continueOnFail: true,
			});
			expect(error).toBeUndefined();
			expect(elsewhere.requests).toEqual([]);
			expect(env.emulator.requests).toHaveLength(1);
			expect(env.emulator.customers.size).toBe(0);
			const json = output[0].json;
			expect(json.error).toMatch(new RegExp(`^The base URL answered ${status} [A-Za-z ]+; redirects are not followed`));
			expect(json.description).toContain(`redirected the request to ${location}.`);
			expect(json.description).toContain('nothing was sent to the new address');
			expect(json).toMatchObject({ httpCode: status, location });
			// Only a 303 says that a create was processed.
			const unknown = status === 303 && operation.path.endsWith('/v2/customer/kyc-link');
			expect(json.outcome).toBe(unknown ? 'unknown' : undefined);
			expect(String(json.error)).toMatch(unknown ? /the customer may or may not have been created \[item 0\]$/ : /followed \[item 0\]$/);
		});
	});

	test('a redirect on the same origin is not followed either', async () => {
		env.emulator.fault({ path: '/v2/customer/kyc-link', status: 307, headers: { Location: '/v2/customer/kyc-link/' } });
		const { error } = await runNode({ parameters: createParameters(), credential: env.credential });
		expect(error?.message).toBe('The base URL answered 307 Temporary Redirect; redirects are not followed [item 0]');
		expect(env.emulator.requests).toHaveLength(1);
	});

	test('the credential test does not follow a redirect either', async () => {
		env.emulator.fault({ path: '/v2/customer', status: 302, headers: { Location: `${elsewhere.url}/v2/customer?page=1&limit=1` } });
		expect(await testCredential(env.credential)).toEqual({ status: 'Error', message: NOT_SPHEREPAY_MESSAGE });
		expect(elsewhere.requests).toEqual([]);
	});
});

describe('the time-out is a deadline for the whole answer', () => {
	const env = useEmulator();

	test('a server that sends headers, then a byte every 300 ms, is cut off at the time-out', async () => {
		env.emulator.fault({ path: '/v2/customer/kyc-link', network: 'trickle', trickleMs: 300 });
		const started = Date.now();
		const { error } = await runNode({ parameters: { ...createParameters(), options: { timeout: 1 } }, credential: env.credential });
		const elapsed = Date.now() - started;
		expect(error?.message).toBe('No answer from SpherePay; the customer may or may not have been created [item 0]');
		expect(error?.description).toContain('did not finish answering within the time-out');
		expect(error?.description).toContain('(ETIMEDOUT)');
		// Without a deadline the item would wait for ever; 1 s plus engine start-up.
		expect(elapsed).toBeLessThan(5000);
		expect(env.emulator.requests).toHaveLength(1);
	});

	test('a regenerate that trickles is retried within its own deadline, each attempt bounded', async () => {
		const id = env.emulator.seedLinkCustomer({});
		env.emulator.fault({ path: `/v2/customer/${id}/kyc-link`, network: 'trickle', trickleMs: 200 });
		const { output, error } = await runNode({
			parameters: { ...regenerateParameters(id), options: { timeout: 1, maxRetries: 1 } },
			credential: env.credential,
		});
		expect(error).toBeUndefined();
		expect(output[0].json).toEqual(env.emulator.customers.get(id).links[0]);
		expect(env.emulator.requests).toHaveLength(2);
	});
});

describe('API keys with stray whitespace', () => {
	const env = useEmulator();

	test.each([`${API_KEY}\n`, `${API_KEY}\r\n`, `  ${API_KEY}\t`])('%j is trimmed and works', async (apiKey) => {
		const { error } = await runNode({ parameters: createParameters(), credential: { ...env.credential, apiKey } });
		expect(error).toBeUndefined();
		expect(env.emulator.requests[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
	});

	test('a line break inside the key: refused on this machine, nothing sent, not retried, no "may have been created"', async () => {
		const { output } = await runNode({
			parameters: { ...createParameters(), options: { maxRetries: 3 } },
			credential: { ...env.credential, apiKey: `${API_KEY.slice(0, 10)}\n${API_KEY.slice(10)}` },
			continueOnFail: true,
		});
		expect(env.emulator.requests).toEqual([]);
		const json = output[0].json;
		expect(json.error).toBe('The request to SpherePay could not be sent [item 0]');
		expect(json.description).toMatch(/^A request header holds a character HTTP does not allow: check the credential’s API key .* \(ERR_INVALID_CHAR\)\. Nothing was sent to SpherePay\.$/);
		expect(json.outcome).toBeUndefined();
		expect(json.description).not.toContain('Tried');
	});

	test('a regenerate is not retried either, and says what to fix', async () => {
		const { error } = await runNode({
			parameters: { ...regenerateParameters('customer_1'), options: { maxRetries: 3 } },
			credential: { ...env.credential, apiKey: `${API_KEY}\u0000x` },
		});
		expect(error?.message).toBe('The request to SpherePay could not be sent [item 0]');
		expect(env.emulator.requests).toEqual([]);
	});
});

describe('a TLS certificate that is not accepted', () => {
	// An HTTPS server with a self-signed certificate: the handshake fails before any request.
	let server: https.Server;
	let connections = 0;
	let requests = 0;
	beforeAll(async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spherepay-tls-'));
		execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
		server = https.createServer({ key: fs.readFileSync(`${dir}/key.pem`), cert: fs.readFileSync(`${dir}/cert.pem`) }, (_req, res) => {
			requests++;
			res.end();
		});
		server.on('connection', () => connections++);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		fs.rmSync(dir, { recursive: true, force: true });
	});
	afterAll(async () => await new Promise((resolve) => server.close(resolve)));

	test('a create says nothing was sent, not "may or may not have been created", and is not retried', async () => {
		const { port } = server.address() as { port: number };
		const { error } = await runNode({
			parameters: { ...createParameters(), options: { maxRetries: 3 } },
			credential: { apiKey: API_KEY, environment: 'custom', baseUrl: `https://127.0.0.1:${port}` },
		});
		expect(error?.message).toBe('The request to SpherePay could not be sent [item 0]');
		expect(error?.description).toMatch(/^The server’s TLS certificate was not accepted: .* \(DEPTH_ZERO_SELF_SIGNED_CERT\)\. Nothing was sent to SpherePay\.$/);
		expect(connections).toBe(1);
		expect(requests).toBe(0);
	});
});

describe('enormous error texts are cut, and say so', () => {
	const env = useEmulator();
	const huge = 'x'.repeat(2_000_000);

	test('a 2 MB detail, code and field error: the message, description, output and run data stay small', async () => {
		env.emulator.fault({
			path: '/v2/customer/kyc-link',
			status: 422,
			json: {
				status: 422,
				detail: huge,
				code: huge,
				correlationId: 'c1',
				errors: Array.from({ length: 500 }, () => ({ pointer: '/email', detail: 'y'.repeat(5000) })),
			},
		});
		const { output, run } = await runNode({ parameters: createParameters(), credential: env.credential, continueOnFail: true });
		const json = output[0].json;
		expect(json.error).toBe(`${'x'.repeat(500)}… [cut: 2,000,000 characters in all] [item 0]`);
		expect(json.code).toBe(`${'x'.repeat(200)}… [cut: 2,000,000 characters in all]`);
		expect(json.fieldErrors).toHaveLength(21);
		const fieldErrors = json.fieldErrors as Array<{ detail: string }>;
		expect(fieldErrors[0].detail).toBe(`${'y'.repeat(200)}… [cut: 5,000 characters in all]`);
		expect(fieldErrors[20].detail).toBe('and 480 more errors, not shown');
		expect(String(json.description).length).toBeLessThan(10_000);
		expect(JSON.stringify(run).length).toBeLessThan(40_000);
	});

	test('without Continue On Fail the error itself stays small too', async () => {
		env.emulator.fault({ path: '/v2/customer/kyc-link', status: 400, json: { status: 400, title: huge } });
		const { error, run } = await runNode({ parameters: createParameters(), credential: env.credential });
		expect(error?.message).toMatch(/… \[cut: 2,000,000 characters in all\] \[item 0\]$/);
		expect(JSON.stringify(run).length).toBeLessThan(20_000);
	});
});

describe('rate limit edges', () => {
	test('2.5 per second: never more than 2 requests reach the API in any second', async () => {
		const emulator = await startEmulator({ apiKeys: [API_KEY] });
		try {
			const { error } = await runNode({
				parameters: { ...createParameters({ email: '={{ "c" + $json.i + "@example.com" }}' }), options: { requestsPerSecond: 2.5 } },
				items: Array.from({ length: 6 }, (_, i) => ({ i })),
				credential: { apiKey: API_KEY, environment: 'custom', baseUrl: emulator.url },
			});
			expect(error).toBeUndefined();
			expect(busiestSecond(emulator.requests.map((r) => r.receivedAt))).toBe(2);
		} finally {
			await emulator.close();
		}
	});

	describe('with Requests per Second 0, a 429 still holds back every other request', () => {
		const env = useEmulator({ latencyMs: 10 });

		test('nothing new reaches the API during the Retry-After', async () => {
			// The 5th request is refused with Retry-After: 1.
			env.emulator.fault({ path: '/v2/customer/kyc-link', when: (body) => body?.email === 'c4@example.com', status: 429, headers: { 'Retry-After': '1' } });
			const { error } = await runNode({
				parameters: { ...createParameters({ email: '={{ "c" + $json.i + "@example.com" }}' }), options: { requestsPerSecond: 0, concurrency: 2 } },
				items: Array.from({ length: 20 }, (_, i) => ({ i })),
				credential: env.credential,
			});
			expect(error).toBeUndefined();
			expect(env.emulator.customers.size).toBe(20);
			const refused = env.emulator.requests.find((r) => r.status === 429)!;
			const during = env.emulator.requests.filter((r) => r.receivedAt > refused.receivedAt && r.receivedAt < refused.receivedAt + 900);
			// At most the one request already on its way when the 429 came back.
			expect(during.length).toBeLessThanOrEqual(1);
		});
	});
});
