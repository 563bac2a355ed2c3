import type { NodeApiError } from 'n8n-workflow';

import { SpherePayApi } from '../../credentials/SpherePayApi.credentials';
import { REFUSED_KEY_MESSAGE } from '../../nodes/SpherePay/constants';
import { startEmulator } from '../emulator';
import { API_KEY, useEmulator } from './fixtures';
import { resolveCredentialExpression, runCredentialTest } from './harness';

const credentialType = new SpherePayApi();
const ruleFor = (status: number) =>
	credentialType.test.rules?.find(
		(rule) => rule.type === 'responseCode' && rule.properties.value === status,
	)?.properties.message;

describe('the credential’s connection test', () => {
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

	test('a good key: GET /v2/customer?page=1&limit=1 with the Bearer header answers 200', async () => {
		const { output, error } = await runCredentialTest(env.credential);
		expect(error).toBeUndefined();
		expect(env.emulator.requests).toHaveLength(1);
		const [request] = env.emulator.requests;
		expect(request.method).toBe('GET');
		expect(request.url).toBe('/v2/customer?page=1&limit=1');
		expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
		expect(output[0].json).toMatchObject({ pagination: { page: 1, limit: 1 } });
	});

	test('a refused key answers 403, which the test rules read as refused', async () => {
		const { error } = await runCredentialTest({ ...env.credential, apiKey: 'sk_live_not_a_real_key_0000' });
		expect((error as NodeApiError).httpCode).toBe('403');
		expect(ruleFor(403)).toBe(REFUSED_KEY_MESSAGE);
	});

	test('APIs that answer 401 for a refused key are read the same way', async () => {
		const strict = await startEmulator({ apiKeys: [API_KEY], authFailureStatus: 401 });
		try {
			const { error } = await runCredentialTest({ ...env.credential, baseUrl: strict.url, apiKey: 'secret_0000' });
			expect((error as NodeApiError).httpCode).toBe('401');
			expect(ruleFor(401)).toBe(REFUSED_KEY_MESSAGE);
		} finally {
			await strict.close();
		}
	});
});
