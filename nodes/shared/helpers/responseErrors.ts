import type { JsonObject, NodeApiError } from 'n8n-workflow';

import { REFUSED_KEY_MESSAGE } from '../constants';
import { parseProblem, type ProblemDetails } from './problem';
import {
	spherePayError,
	unknownOutcomeAdvice,
	type FieldProblem,
	type ResponseContext,
	type SpherePayErrorDetails,
} from './spherePayError';
import { clip, MAX_SHORT_TEXT } from './text';

const STATUS_TEXT = new Map<number, string>(
	Object.entries({
	301: 'Moved Permanently',
	302: 'Found',
	303: 'See Other',
	307: 'Temporary Redirect',
	308: 'Permanent Redirect',
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	409: 'Conflict',
	422: 'Unprocessable Entity',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
	}).map(([status, text]) => [Number(status), text]),
);

function statusLabel(status: number) {
	const text = STATUS_TEXT.get(status);
	return text ? `${status} ${text}` : `HTTP ${status}`;
}

function fieldProblems(problem: ProblemDetails, context: ResponseContext): FieldProblem[] {
	return (problem.errors ?? []).map((entry) => {
		const detail = entry.detail ?? 'is invalid';
		if (entry.pointer !== undefined) {
			return { field: context.labelForPointer(entry.pointer) ?? entry.pointer, pointer: entry.pointer, detail };
		}
		if (entry.parameter !== undefined) {
			return { field: context.labelForParameter?.(entry.parameter) ?? entry.parameter, detail };
		}
		if (entry.header !== undefined) return { field: `${entry.header} header`, detail };
		return { field: 'Request', detail };
	});
}

/**
 * SpherePay refuses a reused Idempotency-Key without saying how (the status is not
 * documented): a 409, or any 4xx whose code, detail or field points at the key.
 */
function isReusedKey(status: number, problem: ProblemDetails | undefined): boolean {
	if (status === 409) return true;
	if (status < 400 || status > 499 || status === 429 || !problem) return false;
	const mentions = (text?: string) => text !== undefined && /idempoten/i.test(text);
	return (
		mentions(problem.code) ||
		mentions(problem.detail) ||
		(problem.errors ?? []).some((entry) => mentions(entry.header) || mentions(entry.detail))
	);
}

/** Builds the error for a non-2xx SpherePay response from its ProblemDetails body. */
export function responseError(
	context: ResponseContext,
	status: number,
	body: unknown,
	attempts = 1,
): NodeApiError {
	const problem = parseProblem(body);
	const details: SpherePayErrorDetails = { httpCode: status };
	const description: string[] = [];
	const unknownOutcome = status >= 500 && context.unknownOutcome;

	const explained = status === 401 || status === 403 ? undefined : context.explain?.(status, problem);

	let message: string;
	if (status === 401 || status === 403) {
		message = REFUSED_KEY_MESSAGE;
		if (problem?.detail) description.push(`SpherePay said: ${problem.detail} (${statusLabel(status)}).`);
	} else if (explained) {
		message = explained.message;
		description.push(explained.fix);
		if (problem?.detail) description.push(`SpherePay said: ${problem.detail} (${statusLabel(status)}).`);
	} else if (context.idempotencyKey && isReusedKey(status, problem)) {
		message = 'SpherePay refused the Idempotency Key: a request already used it';
		details.idempotencyKeyReused = true;
		description.push(
			`SpherePay refuses a key it has seen, whatever happened to its first request. ${context.idempotencyKey.check} To send this item again on purpose, give it a new key.`,
		);
		if (problem?.detail) description.push(`SpherePay said: ${problem.detail} (${statusLabel(status)}).`);
	} else if (status === 404 && context.notFound) {
		message = context.notFound.message;
		description.push(context.notFound.fix);
		if (problem?.detail) description.push(`SpherePay said: ${problem.detail}.`);
	} else if (problem?.detail ?? problem?.title) {
		message = (problem.detail ?? problem.title) as string;
	} else if (status === 429) {
		message = 'SpherePay rate limit reached (429 Too Many Requests)';
	} else {
		message = `SpherePay answered ${statusLabel(status)} without error details`;
		description.push(
			typeof body === 'string' && body.trim() !== ''
				? 'The response was not SpherePay’s JSON error format (for example an HTML page from a gateway in front of the API).'
				: 'The response body was empty.',
		);
		if (status >= 500) description.push('This is usually temporary: try again later.');
	}

	if (problem?.code) {
		details.code = problem.code;
		description.push(`Code: ${problem.code}.`);
	}
	if (problem) {
		const fields = fieldProblems(problem, context);
		if (fields.length > 0) {
			details.fieldErrors = fields;
			description.push(`Fields: ${fields.map((f) => `${f.field}: ${f.detail}`).join('; ')}.`);
		}
	}
	if (problem?.correlationId) {
		details.correlationId = problem.correlationId;
		description.push(`Correlation ID: ${problem.correlationId} (quote it to SpherePay support).`);
	}
	if (unknownOutcome) {
		details.outcome = 'unknown';
		message = `${message}; ${unknownOutcome.clause}`;
		description.push(unknownOutcomeAdvice(unknownOutcome.check));
	}
	if (attempts > 1) description.push(`Tried ${attempts} times.`);

	// The parsed, shortened body: n8n keeps this object with the error and logs it.
	return spherePayError(context, {
		message,
		description: description.join(' ') || undefined,
		details,
		status,
		body: { ...problem, status } as JsonObject,
	});
}

/**
 * A 3xx answer. Redirects are never followed: n8n would send the credential to wherever
 * `Location` points. Only 303 ("see the result elsewhere") says the request was processed.
 */
export function redirectError(
	context: ResponseContext,
	status: number,
	location: unknown,
	baseUrl: string,
): NodeApiError {
	const target = typeof location === 'string' && location !== '' ? clip(location, MAX_SHORT_TEXT) : undefined;
	const unknownOutcome = status === 303 && context.unknownOutcome;
	let message = `The base URL answered ${statusLabel(status)}; redirects are not followed`;
	const description = [
		`${clip(baseUrl, MAX_SHORT_TEXT)} redirected the request${target ? ` to ${target}` : ''}.`,
		'The API key goes only to the credential’s base URL, so nothing was sent to the new address. If it is SpherePay’s API, make it the Base URL (or choose Production or Sandbox).',
	];
	const details: SpherePayErrorDetails = { httpCode: status, ...(target ? { location: target } : {}) };
	if (unknownOutcome) {
		details.outcome = 'unknown';
		message = `${message}; ${unknownOutcome.clause}`;
		description.push(`A 303 means the request was processed. ${unknownOutcomeAdvice(unknownOutcome.check)}`);
	}
	return spherePayError(context, { message, description: description.join(' '), details, status, body: { status } });
}

/** A 2xx answer that does not hold what the API promises. */
export function malformedResponseError(
	context: ResponseContext,
	status: number,
	problem: string,
): NodeApiError {
	return spherePayError(context, {
		message: `SpherePay answered ${status} ${problem}`,
		// Only a request that creates something says how to check its outcome; others are safe to repeat.
		description: context.unknownOutcome
			? `SpherePay may have processed the request. ${context.unknownOutcome.check}`
			: 'The answer is not what SpherePay documents. Running the item again is safe.',
		details: { httpCode: status },
		status,
		body: { status },
	});
}

/**
 * An answer larger than the transport reads: it was cut off unread. After a 2xx the request
 * took effect, so a create says how to find out what it made.
 */
export function answerTooLargeError(context: ResponseContext, status: number, limit: number): NodeApiError {
	const created = status >= 200 && status <= 299 ? context.unknownOutcome : undefined;
	return spherePayError(context, {
		message: `SpherePay answered ${status} with more than ${Math.round(limit / (1024 * 1024))} MiB; the answer was not read`,
		description: created
			? `SpherePay processed the request. ${created.check}`
			: 'No SpherePay answer is that large: check the credential’s environment or base URL (a proxy or gateway may be answering instead).',
		details: { httpCode: status },
		status,
		body: { status },
	});
}
