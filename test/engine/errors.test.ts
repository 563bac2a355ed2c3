import type { NodeApiError } from 'n8n-workflow';

import { REFUSED_KEY_MESSAGE } from '../../nodes/shared/constants';
import { SAMPLE_422 } from '../samples';
import { createParameters, regenerateParameters, useEmulator } from './fixtures';
import { runNode } from './harness';

const httpCodeOf = (error: unknown) => (error as NodeApiError).httpCode;

describe('SpherePay errors, as n8n shows them', () => {
	const env = useEmulator();

	test('422 with pointers: SpherePay’s detail, code, field names and correlation ID', async () => {
		env.emulator.fault({ status: 422, json: SAMPLE_422 });
		const { error } = await runNode({ parameters: createParameters(), credential: env.credential });

		expect(error?.message).toBe('Validation failed [item 0]');
		expect(error?.description).toBe(
			'Code: validation/failed. Fields: Email: Invalid email format; Country: Unsupported country; /name: Name is required. Correlation ID: 28c61e885c6e5eaa78c1a2183a9b883c (quote it to SpherePay support).',
		);
		expect(httpCodeOf(error)).toBe('422');
		expect(error?.message).not.toMatch(/Bad request|please check your parameters/);
	});

	test('400 from the API’s own checks: detail and field names, never n8n’s "Bad request"', async () => {
		const { error } = await runNode({
			parameters: createParameters({ state: '', postalCode: '' }),
			credential: env.credential,
		});
		expect(error?.message).toBe('Invalid request parameters [item 0]');
		expect(error?.description).toContain('Code: address/invalid.');
		expect(error?.description).toContain(
			'Fields: State: State is required for USA; Postal Code: Postal code is required for USA.',
		);
		expect(httpCodeOf(error)).toBe('400');
	});

	test.each([
		[403, 'Forbidden resource'],
		[401, 'Unauthorized'],
	] as const)('%d: the API key was refused', async (status, detail) => {
		env.emulator.fault({
			status,
			json: { status, detail, correlationId: 'abc123', ...(status === 401 ? { code: 'unauthorized' } : {}) },
		});
		const { error } = await runNode({ parameters: createParameters(), credential: env.credential });
		expect(error?.message).toBe(`${REFUSED_KEY_MESSAGE} [item 0]`);
		expect(error?.description).toContain(`SpherePay said: ${detail}`);
		expect(error?.description).toContain('Correlation ID: abc123');
		expect(httpCodeOf(error)).toBe(String(status));
	});

	test('a wrong key against the emulator reads as refused', async () => {
		const { error } = await runNode({
			parameters: createParameters(),
			credential: { ...env.credential, apiKey: 'sk_test_wrong_key_000000' },
		});
		expect(error?.message).toBe(`${REFUSED_KEY_MESSAGE} [item 0]`);
		expect(env.emulator.customers.size).toBe(0);
	});

	test('502 with an HTML page from a gateway: a clear error with the status', async () => {
		env.emulator.fault({
			status: 502,
			body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
			contentType: 'text/html',
		});
		const { error } = await runNode({
			parameters: { ...regenerateParameters('customer_1'), options: { maxRetries: 0 } },
			credential: env.credential,
		});
		expect(error?.message).toBe('SpherePay answered 502 Bad Gateway without error details [item 0]');
		expect(error?.description).toContain('not SpherePay’s JSON error format');
		expect(error?.description).not.toContain('<html>');
		expect(httpCodeOf(error)).toBe('502');
	});

	test('503 with an empty body', async () => {
		env.emulator.fault({ status: 503 });
		const { error } = await runNode({ parameters: createParameters(), credential: env.credential });
		expect(error?.message).toBe(
			'SpherePay answered 503 Service Unavailable without error details; the customer may or may not have been created [item 0]',
		);
		expect(error?.description).toContain('The response body was empty.');
		expect(error?.description).toContain('Look for a customer with the email jane.smith@example.com');
	});

	test('500 with ProblemDetails: SpherePay’s detail', async () => {
		env.emulator.fault({
			status: 500,
			json: { status: 500, detail: 'Internal server error', code: 'internal/error', correlationId: 'c0ffee' },
		});
		const { error } = await runNode({ parameters: createParameters(), credential: env.credential });
		expect(error?.message).toBe('Internal server error; the customer may or may not have been created [item 0]');
		expect(error?.description).toBe(
			'Code: internal/error. Correlation ID: c0ffee (quote it to SpherePay support). It was not sent again, because a second request could do it twice. Look for a customer with the email jane.smith@example.com in the SpherePay dashboard (or ask SpherePay support, quoting any correlation ID) before running this item again.',
		);
	});

	test('429 until the retries run out', async () => {
		env.emulator.fault({ status: 429, headers: { 'Retry-After': '0' }, times: 3 });
		const { error } = await runNode({
			parameters: { ...createParameters(), options: { maxRetries: 2 } },
			credential: env.credential,
		});
		expect(error?.message).toBe('SpherePay rate limit reached (429 Too Many Requests) [item 0]');
		expect(error?.description).toContain('Tried 3 times.');
		expect(httpCodeOf(error)).toBe('429');
		expect(env.emulator.requests).toHaveLength(3);
		expect(env.emulator.customers.size).toBe(0);
	});

	test('a 201 without the link fields names what is missing', async () => {
		env.emulator.fault({ status: 201, json: { customerId: 'customer_1' } });
		const { error, output } = await runNode({ parameters: createParameters(), credential: env.credential });
		expect(output).toEqual([]);
		expect(error?.message).toBe('SpherePay answered 201 without url, expiresAt [item 0]');
	});

	test('a 201 with a body that is not JSON', async () => {
		env.emulator.fault({ status: 201, body: '{"customerId": "cus', contentType: 'application/json' });
		const { error } = await runNode({ parameters: createParameters(), credential: env.credential });
		expect(error?.message).toBe('SpherePay answered 201 with a body that is not JSON instead of the KYC link [item 0]');
	});

	test('nothing listening at the base URL', async () => {
		const { error } = await runNode({
			parameters: createParameters(),
			credential: { ...env.credential, baseUrl: 'http://127.0.0.1:9' },
		});
		expect(error?.message).toBe('Could not reach SpherePay at http://127.0.0.1:9 [item 0]');
		expect(error?.description).toContain('(ECONNREFUSED)');
	});

	test('a custom environment without a usable base URL', async () => {
		const { error } = await runNode({
			parameters: createParameters(),
			credential: { apiKey: 'sk_test_whatever_1234', environment: 'custom', baseUrl: 'api.example' },
		});
		expect(error?.message).toBe('The SpherePay credential’s Base URL is not a valid http(s) URL');
		expect(env.emulator.requests).toHaveLength(0);
	});
});

describe('base URLs that paths cannot be appended to', () => {
	const env = useEmulator();

	test.each(['?token=abc', '/?x=1', '?', '#top', '#'])('a base URL ending in %j is refused before anything is sent', async (tail) => {
		const { error } = await runNode({
			parameters: createParameters(),
			credential: { ...env.credential, baseUrl: `${env.emulator.url}${tail}` },
		});
		expect(error?.message).toBe(
			'The SpherePay credential’s Base URL must not contain a query (?…), a fragment (#…) or a user name or password',
		);
		expect(env.emulator.requests).toHaveLength(0);
	});

	test('a user name and password in the base URL are refused too', async () => {
		const { error } = await runNode({
			parameters: createParameters(),
			credential: { ...env.credential, baseUrl: env.emulator.url.replace('http://', 'http://user:secret@') },
		});
		expect(error?.message).toMatch(/must not contain .* a user name or password$/);
		expect(env.emulator.requests).toHaveLength(0);
	});
});
