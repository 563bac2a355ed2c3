import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { REFUSED_KEY_MESSAGE } from '../../nodes/shared/constants';
import { errorOutput, toNodeError } from '../../nodes/SpherePay/actions/itemErrors';
import { parseProblem } from '../../nodes/shared/helpers/problem';
import { responseError } from '../../nodes/shared/helpers/responseErrors';
import type { ResponseContext } from '../../nodes/shared/helpers/spherePayError';
import { networkError } from '../../nodes/shared/transport/failures';
import { FieldValidationError } from '../../nodes/SpherePay/helpers/validation';
import { labelForPointer } from '../../nodes/SpherePay/actions/customer/createViaLink.operation';
import { SAMPLE_422, SAMPLE_NODE } from '../samples';

const node = SAMPLE_NODE;
const context: ResponseContext = { node, itemIndex: 3, labelForPointer };

describe('parseProblem', () => {
	test('reads ProblemDetails from an object or a JSON string', () => {
		const body = { status: 400, detail: 'Invalid request parameters', code: 'address/invalid', correlationId: 'c1' };
		expect(parseProblem(body)).toMatchObject(body);
		expect(parseProblem(JSON.stringify(body))).toMatchObject(body);
	});

	test.each(['<html>502</html>', '', '{"truncated', null, 42, [], { unrelated: true }, { ok: true, data: {} }, { ok: false }])(
		'%j is not ProblemDetails',
		(body) => {
			expect(parseProblem(body)).toBeUndefined();
		},
	);

	test('reads a v1 error envelope: error is the code, message the detail', () => {
		const body = { ok: false, object: 'error', statusCode: 404, error: 'webhook/not-found', message: 'Webhook not found' };
		expect(parseProblem(body)).toEqual({ status: 404, detail: 'Webhook not found', code: 'webhook/not-found' });
		expect(parseProblem(JSON.stringify(body))).toEqual({ status: 404, detail: 'Webhook not found', code: 'webhook/not-found' });
		expect(parseProblem({ ok: false, message: 'x'.repeat(600) })?.detail).toMatch(/^x{500}… \[cut: 600 characters in all\]$/);
	});

	test('reads the legacy error body of older endpoints (LegacyErrorDto): general is the detail', () => {
		const body = { ts: '2024-01-01T00:00:00.000Z', error: { general: 'Customer not found' } };
		expect(parseProblem(body)).toEqual({ detail: 'Customer not found' });
		expect(parseProblem(JSON.stringify(body))).toEqual({ detail: 'Customer not found' });
		expect(parseProblem({ ts: '2024-01-01T00:00:00.000Z', error: {} })).toBeUndefined();
		const error = responseError({ ...context, itemIndex: undefined }, 404, body);
		expect(error.message).toBe('Customer not found');
	});
});

describe('responseError', () => {
	test('422: detail as message, code, pointers as field names, correlation ID', () => {
		const error = responseError(context, 422, {
			...SAMPLE_422,
			errors: [
				{ detail: 'Invalid email format', pointer: '/email' },
				{ detail: 'Unsupported', pointer: '/address/country' },
				{ detail: 'Too long', pointer: '/address/line2' },
				{ detail: 'Bad address', pointer: '/address' },
				{ detail: 'Unknown', pointer: '/name' },
				{ detail: 'Header bad', header: 'Idempotency-Key' },
			],
		});
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Validation failed [item 3]');
		expect(error.httpCode).toBe('422');
		expect(error.context.itemIndex).toBe(3);
		expect(error.description).toBe(
			'Code: validation/failed. Fields: Email: Invalid email format; Country: Unsupported; Address Line 2: Too long; Address: Bad address; /name: Unknown; Idempotency-Key header: Header bad. Correlation ID: 28c61e885c6e5eaa78c1a2183a9b883c (quote it to SpherePay support).',
		);
		expect(errorOutput(error)).toEqual({
			error: 'Validation failed [item 3]',
			description: error.description,
			httpCode: 422,
			code: 'validation/failed',
			correlationId: '28c61e885c6e5eaa78c1a2183a9b883c',
			fieldErrors: [
				{ field: 'Email', pointer: '/email', detail: 'Invalid email format' },
				{ field: 'Country', pointer: '/address/country', detail: 'Unsupported' },
				{ field: 'Address Line 2', pointer: '/address/line2', detail: 'Too long' },
				{ field: 'Address', pointer: '/address', detail: 'Bad address' },
				{ field: '/name', pointer: '/name', detail: 'Unknown' },
				{ field: 'Idempotency-Key header', detail: 'Header bad' },
			],
		});
	});

	test('400 keeps SpherePay’s detail instead of n8n’s generic sentence', () => {
		const error = responseError(context, 400, { status: 400, detail: 'Invalid request parameters', code: 'address/invalid' });
		expect(error.message).toBe('Invalid request parameters [item 3]');
	});

	test('a detail that contains a system error code is kept word for word', () => {
		const detail = 'Email steperman@example.com ECONNREFUSED-like text is not allowed';
		expect(responseError(context, 422, { status: 422, detail }).message).toBe(`${detail} [item 3]`);
	});

	test.each([401, 403])('%d: the API key was refused', (status) => {
		const error = responseError(context, status, { status, detail: 'Forbidden resource', correlationId: 'x1' });
		expect(error.message).toBe(`${REFUSED_KEY_MESSAGE} [item 3]`);
		expect(error.description).toBe(
			`SpherePay said: Forbidden resource (${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}). Correlation ID: x1 (quote it to SpherePay support).`,
		);
	});

	test('404 uses the operation’s explanation when it has one', () => {
		const error = responseError({ ...context, notFound: { message: 'No such customer', fix: 'Check the ID.' } }, 404, {
			status: 404,
			detail: 'Resource not found',
			code: 'resource/not-found',
		});
		expect(error.message).toBe('No such customer [item 3]');
		expect(error.description).toBe('Check the ID. SpherePay said: Resource not found. Code: resource/not-found.');
	});

	test('a v1 error envelope reads as clearly as ProblemDetails', () => {
		const error = responseError({ ...context, itemIndex: undefined }, 400, {
			ok: false,
			object: 'error',
			statusCode: 400,
			error: 'webhook/invalid-url',
			message: 'The webhook URL must use HTTPS',
		});
		expect(error.message).toBe('The webhook URL must use HTTPS');
		expect(error.description).toBe('Code: webhook/invalid-url.');
		expect(errorOutput(error)).toMatchObject({ httpCode: 400, code: 'webhook/invalid-url' });
	});

	test('explain: the request’s own reading of a refusal, with SpherePay’s words after it; never for a refused key', () => {
		const explain = (_status: number, problem?: { code?: string }) =>
			problem?.code === 'webhook/limit-reached' ? { message: 'Limit reached', fix: 'Delete one.' } : undefined;
		const body = { ok: false, object: 'error', statusCode: 400, error: 'webhook/limit-reached', message: 'Maximum reached' };
		const error = responseError({ ...context, explain }, 400, body);
		expect(error.message).toBe('Limit reached [item 3]');
		expect(error.description).toBe('Delete one. SpherePay said: Maximum reached (400 Bad Request). Code: webhook/limit-reached.');
		expect(responseError({ ...context, explain }, 400, { ...body, error: 'other' }).message).toBe('Maximum reached [item 3]');
		expect(responseError({ ...context, explain }, 403, { ...body, statusCode: 403 }).message).toBe(`${REFUSED_KEY_MESSAGE} [item 3]`);
	});

	test.each([
		[502, '<html><h1>Bad Gateway</h1></html>', 'SpherePay answered 502 Bad Gateway without error details', 'not SpherePay’s JSON error format'],
		[504, '', 'SpherePay answered 504 Gateway Timeout without error details', 'The response body was empty.'],
		[418, 'teapot', 'SpherePay answered HTTP 418 without error details', 'not SpherePay’s JSON error format'],
	])('%d without ProblemDetails', (status, body, message, description) => {
		const error = responseError(context, status, body);
		expect(error.message).toBe(`${message} [item 3]`);
		expect(error.description).toContain(description);
		expect(error.description).not.toContain('<html>');
	});
});

describe('networkError', () => {
	test('names the base URL and the system error, keeps nothing of the request', () => {
		const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
			code: 'ECONNREFUSED',
			config: { headers: { Authorization: 'Bearer sk_secret' } },
		});
		const error = networkError({ ...context, itemIndex: 0 }, 'http://127.0.0.1:9', cause);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Could not reach SpherePay at http://127.0.0.1:9 [item 0]');
		expect(error.description).toBe(
			'The connection was refused (nothing is listening at that address) (ECONNREFUSED). Check the credential’s environment or base URL and your network.',
		);
		expect(JSON.stringify(error)).not.toContain('sk_secret');
	});
});

describe('toNodeError', () => {
	test('a field error becomes a NodeOperationError naming the field and the item', () => {
		const error = toNodeError(node, 2, new FieldValidationError('email', 'Email is required', 'Enter one.'));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Email is required [item 2]');
		expect(error.description).toBe('Enter one.');
		expect(error.context.itemIndex).toBe(2);
		expect(errorOutput(error)).toEqual({ error: 'Email is required [item 2]', description: 'Enter one.', field: 'email' });
	});

	test('anything else is wrapped with the item index', () => {
		const error = toNodeError(node, 5, new TypeError('boom'));
		expect(error.message).toBe('boom');
		expect(error.context.itemIndex).toBe(5);
	});
});
