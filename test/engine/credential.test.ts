import { SpherePayApi } from '../../credentials/SpherePayApi.credentials';
import { NOT_SPHEREPAY_MESSAGE, REFUSED_KEY_MESSAGE } from '../../nodes/shared/constants';
import { startEmulator } from '../emulator';
import { API_KEY, useEmulator } from './fixtures';
import { resolveCredentialExpression, testCredential } from './harness';

const credentialType = new SpherePayApi();

describe('the credential’s connection test, judged as n8n’s credential tester judges it', () => {
	const env = useEmulator();

	test.each([
		[{ environment: 'production' }, 'https://api.spherepay.co'],
		[{ environment: 'sandbox' }, 'https://api.sandbox.spherepay.co'],
		[{ environment: 'custom', baseUrl: ' http://127.0.0.1:4010/// ' }, 'http://127.0.0.1:4010'],
		[{ environment: 'custom', baseUrl: 'https://gw.example.com/spherepay/' }, 'https://gw.example.com/spherepay'],
	])('%j sends it to %s', async (data, expected) => {
		const baseUrl = await resolveCredentialExpression(credentialType.test.request.baseURL as string, {
			apiKey: API_KEY,
			...data,
		});
		expect(baseUrl).toBe(expected);
	});

	test('a good key: GET /v2/customer?page=1&limit=1 with the Bearer header → OK', async () => {
		expect(await testCredential(env.credential)).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(env.emulator.requests).toHaveLength(1);
		const [request] = env.emulator.requests;
		expect(request.method).toBe('GET');
		expect(request.url).toBe('/v2/customer?page=1&limit=1');
		expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
		expect(request.status).toBe(200);
	});

	test('a refused key (403, as the current API answers) → "SpherePay refused this API key"', async () => {
		const verdict = await testCredential({ ...env.credential, apiKey: 'sk_live_not_a_real_key_0000' });
		expect(verdict).toEqual({ status: 'Error', message: REFUSED_KEY_MESSAGE });
		expect(env.emulator.requests[0].status).toBe(403);
	});

	test('a refused key answered with 401 (older API versions) → the same message', async () => {
		const strict = await startEmulator({ apiKeys: [API_KEY], authFailureStatus: 401 });
		try {
			const verdict = await testCredential({ ...env.credential, baseUrl: strict.url, apiKey: 'secret_0000' });
			expect(verdict).toEqual({ status: 'Error', message: REFUSED_KEY_MESSAGE });
			expect(strict.requests[0].status).toBe(401);
		} finally {
			await strict.close();
		}
	});

	test.each([
		['an HTML error page from a gateway', { status: 502, body: '<html>Bad Gateway</html>', contentType: 'text/html' }],
		['an HTML page answered 200 by something that is not SpherePay', { status: 200, body: '<html>Welcome</html>', contentType: 'text/html' }],
		['a ProblemDetails 500', { status: 500, json: { status: 500, detail: 'Internal error' } }],
		['an empty 503', { status: 503 }],
	])('%s → a clear error, never "successful"', async (_name, fault) => {
		env.emulator.fault(fault);
		expect(await testCredential(env.credential)).toEqual({ status: 'Error', message: NOT_SPHEREPAY_MESSAGE });
	});

	test('nothing listening → an error (n8n words connection failures itself)', async () => {
		const verdict = await testCredential({ ...env.credential, baseUrl: 'http://127.0.0.1:9' });
		expect(verdict.status).toBe('Error');
		expect(verdict.message).toMatch(/refused the connection/);
	});
});
