import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { REFUSED_KEY_MESSAGE } from '../constants';
import { clip } from './text';
import { FieldValidationError } from './validation';
import { isObject } from './json';

/** SpherePay's error body (RFC 9457 style). `code` is a string such as `validation/failed`. */
export interface ProblemDetails {
	status?: number;
	title?: string;
	detail?: string;
	code?: string;
	correlationId?: string;
	errors?: Array<{ detail?: string; pointer?: string; parameter?: string; header?: string }>;
}

export interface FieldProblem {
	field: string;
	pointer?: string;
	detail: string;
}

/** What a failed item carries, in its error and (with Continue On Fail) in its output. */
export interface SpherePayErrorDetails extends IDataObject {
	httpCode?: number;
	/** `unknown` when the request may have taken effect although no answer says so. */
	outcome?: 'unknown';
	code?: string;
	correlationId?: string;
	fieldErrors?: FieldProblem[];
	field?: string;
	/** SpherePay refused the Idempotency-Key because a request already used it. */
	idempotencyKeyReused?: boolean;
	/** Where a redirect (3xx) pointed; it was not followed. */
	location?: string;
}

export interface ResponseContext {
	node: INode;
	/** The input item; absent for requests that serve the editor (a picker's search). */
	itemIndex?: number;
	/** Maps a JSON pointer into the request body (`/address/country`) to the field's label. */
	labelForPointer: (pointer: string) => string | undefined;
	/** Labels for path parameters (`id` → `Customer ID`). */
	labelForParameter?: (parameter: string) => string | undefined;
	/** What a 404 means for this operation, where SpherePay's own detail says too little. */
	notFound?: { message: string; fix: string };
	/**
	 * What an error answer (other than a refused key) means for this request, when it can
	 * tell: e.g. a refusal that names an account limit. Undefined leaves the usual message.
	 */
	explain?: (status: number, problem: ProblemDetails | undefined) => { message: string; fix: string } | undefined;
	/**
	 * For requests that are not repeated blindly (they create something): what may have
	 * happened when the answer was lost ("the customer may or may not have been created"),
	 * and how to find out.
	 */
	unknownOutcome?: { clause: string; check: string };
	/** Set when the request carried an Idempotency-Key: what the first request with it may have done, and how to check. */
	idempotencyKey?: { check: string };
}

export const withItem = (message: string, itemIndex?: number) =>
	itemIndex === undefined ? message : `${message} [item ${itemIndex}]`;

// What an answer may put into a message, a description or n8n's log: a proxy that echoes
// a 2 MB payload into `detail` must not become a 2 MB error.
const MAX_DETAIL = 500;
const MAX_SHORT = 200;
const MAX_FIELD_ERRORS = 20;

const textOf = (record: Record<string, unknown>, key: string, max = MAX_SHORT) =>
	typeof record[key] === 'string' ? clip(record[key] as string, max) : undefined;

/**
 * SpherePay's v1 endpoints (webhooks) answer errors in their envelope instead:
 * `{ok: false, object: "error", statusCode, error: "webhook/not-found", message}`. Read as
 * ProblemDetails: `error` is the code, `message` the detail.
 */
function parseV1Error(value: Record<string, unknown>): ProblemDetails | undefined {
	if (value.ok !== false) return undefined;
	const problem: ProblemDetails = {
		status: typeof value.statusCode === 'number' ? value.statusCode : undefined,
		detail: textOf(value, 'message', MAX_DETAIL),
		code: textOf(value, 'error'),
	};
	return problem.detail || problem.code ? problem : undefined;
}

/**
 * Returns the ProblemDetails in a response body (or a v1 error envelope, read as one), or
 * undefined for HTML, empty or foreign bodies. Long texts are cut (and say so), and at most
 * 20 field errors are kept.
 */
export function parseProblem(body: unknown): ProblemDetails | undefined {
	let value = body;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			return undefined;
		}
	}
	if (!isObject(value)) return undefined;
	const v1 = parseV1Error(value);
	if (v1) return v1;
	const problem: ProblemDetails = {
		status: typeof value.status === 'number' ? value.status : undefined,
		title: textOf(value, 'title', MAX_DETAIL),
		detail: textOf(value, 'detail', MAX_DETAIL),
		code: textOf(value, 'code'),
		correlationId: textOf(value, 'correlationId'),
	};
	if (Array.isArray(value.errors)) {
		const entries = value.errors.filter(isObject);
		problem.errors = entries.slice(0, MAX_FIELD_ERRORS).map((entry) => ({
			detail: textOf(entry, 'detail'),
			pointer: textOf(entry, 'pointer'),
			parameter: textOf(entry, 'parameter'),
			header: textOf(entry, 'header'),
		}));
		if (entries.length > MAX_FIELD_ERRORS) {
			problem.errors.push({ detail: `and ${entries.length - MAX_FIELD_ERRORS} more errors, not shown` });
		}
	}
	if (!problem.detail && !problem.title && !problem.code && !problem.errors) return undefined;
	return problem;
}

export function fieldProblems(problem: ProblemDetails, context: ResponseContext): FieldProblem[] {
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

const STATUS_TEXT = new Map<number, string>(Object.entries({
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
}).map(([status, text]) => [Number(status), text]));

function statusLabel(status: number) {
	const text = STATUS_TEXT.get(status);
	return text ? `${status} ${text}` : `HTTP ${status}`;
}

// n8n rewrites a message that merely contains a system error code ("…EPERM…") into a
// generic sentence; messages here come from SpherePay or this node, so set them last.
function setMessage<T extends NodeApiError | NodeOperationError>(error: T, message: string): T {
	error.message = message;
	return error;
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
			`SpherePay keeps every key, whatever happened to its first request, and refuses it afterwards instead of answering again. ${context.idempotencyKey.check} To send this item again on purpose, give it a new key.`,
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
	const error = new NodeApiError(context.node, { ...problem, status } as JsonObject, {
		message: withItem(message, context.itemIndex),
		description: description.join(' ') || undefined,
		httpCode: String(status),
		itemIndex: context.itemIndex,
	});
	error.context.spherePay = details;
	return setMessage(error, withItem(message, context.itemIndex));
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
	const target = typeof location === 'string' && location !== '' ? clip(location, MAX_SHORT) : undefined;
	const unknownOutcome = status === 303 && context.unknownOutcome;
	let message = `The base URL answered ${statusLabel(status)}; redirects are not followed`;
	const description = [
		`${clip(baseUrl, MAX_SHORT)} redirected the request${target ? ` to ${target}` : ''}.`,
		'The API key is only sent to the credential’s base URL, so nothing was sent to the new address. If that address is SpherePay’s API, make it the credential’s Base URL (or choose Production or Sandbox).',
	];
	const details: SpherePayErrorDetails = { httpCode: status, ...(target ? { location: target } : {}) };
	if (unknownOutcome) {
		details.outcome = 'unknown';
		message = `${message}; ${unknownOutcome.clause}`;
		description.push(`A 303 means the request was processed. ${unknownOutcomeAdvice(unknownOutcome.check)}`);
	}
	const error = new NodeApiError(context.node, { status } as JsonObject, {
		message: withItem(message, context.itemIndex),
		description: description.join(' '),
		httpCode: String(status),
		itemIndex: context.itemIndex,
	});
	error.context.spherePay = details;
	return setMessage(error, withItem(message, context.itemIndex));
}

/** A 2xx answer that does not hold what the API promises. */
export function malformedResponseError(
	context: ResponseContext,
	status: number,
	problem: string,
): NodeApiError {
	const message = withItem(`SpherePay answered ${status} ${problem}`, context.itemIndex);
	const error = new NodeApiError(context.node, { status } as JsonObject, {
		message,
		// Only a request that creates something says how to check its outcome; others are safe to repeat.
		description: context.unknownOutcome
			? `SpherePay may have processed the request. ${context.unknownOutcome.check}`
			: 'The answer is not what SpherePay documents. Running the item again is safe.',
		httpCode: String(status),
		itemIndex: context.itemIndex,
	});
	error.context.spherePay = { httpCode: status } satisfies SpherePayErrorDetails;
	return setMessage(error, message);
}

const NETWORK_REASONS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused (nothing is listening at that address)',
	ENOTFOUND: 'the host name could not be resolved',
	EAI_AGAIN: 'the host name could not be resolved (DNS lookup failed)',
	ECONNRESET: 'the connection was closed before SpherePay answered',
	ECONNABORTED: 'SpherePay did not answer in time',
	ETIMEDOUT: 'SpherePay did not finish answering within the time-out (Options → Timeout)',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
	ERR_CANCELED: 'the execution was cancelled',
};

/** Codes that prove the request never reached the server and may go through later: retried. */
export const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

const HEADER_REFUSED =
	'a request header holds a character HTTP does not allow: check the credential’s API key for a space or line break inside it, and the Idempotency Key';
const URL_REFUSED = 'the request URL is not valid: check the credential’s base URL';
const CERTIFICATE_REFUSED =
	'the server’s TLS certificate was not accepted: check the base URL (a proxy with its own certificate must be trusted by n8n)';

/**
 * Errors raised on this machine before a byte of the request left it (Node refuses the
 * header or URL, or the TLS handshake fails): nothing was sent, and sending again would
 * fail the same way, so they are not retried.
 */
const REFUSED_LOCALLY: Record<string, string> = {
	ERR_INVALID_CHAR: HEADER_REFUSED,
	ERR_HTTP_INVALID_HEADER_VALUE: HEADER_REFUSED,
	ERR_INVALID_HTTP_TOKEN: HEADER_REFUSED,
	ERR_INVALID_URL: URL_REFUSED,
	ERR_UNESCAPED_CHARACTERS: URL_REFUSED,
	ERR_INVALID_PROTOCOL: URL_REFUSED,
	ERR_INVALID_ARG_TYPE: 'the HTTP client refused the request',
	ERR_INVALID_ARG_VALUE: 'the HTTP client refused the request',
	ERR_BAD_OPTION: 'the HTTP client refused the request',
	ERR_BAD_OPTION_VALUE: 'the HTTP client refused the request',
	ERR_TLS_CERT_ALTNAME_INVALID: CERTIFICATE_REFUSED,
	CERT_HAS_EXPIRED: CERTIFICATE_REFUSED,
	CERT_NOT_YET_VALID: CERTIFICATE_REFUSED,
	DEPTH_ZERO_SELF_SIGNED_CERT: CERTIFICATE_REFUSED,
	SELF_SIGNED_CERT_IN_CHAIN: CERTIFICATE_REFUSED,
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: CERTIFICATE_REFUSED,
	UNABLE_TO_GET_ISSUER_CERT_LOCALLY: CERTIFICATE_REFUSED,
};

export const isRefusedLocally = (code: string | undefined): boolean =>
	code !== undefined && Object.hasOwn(REFUSED_LOCALLY, code);

/** Whether a failure proves that SpherePay never received the request. */
const neverSent = (code: string | undefined) => (code !== undefined && NOT_SENT_CODES.has(code)) || isRefusedLocally(code);

function unknownOutcomeAdvice(check: string) {
	return `It was not sent again, because a second request could do it twice. ${check}`;
}

const TIMED_OUT = new Set(['ETIMEDOUT', 'ECONNABORTED']);

/** An error from the HTTP layer with no SpherePay response: no request details are kept. */
export function networkError(
	context: ResponseContext,
	baseUrl: string,
	cause: unknown,
	{ attempts = 1, timeoutMs }: { attempts?: number; timeoutMs?: number } = {},
): NodeOperationError {
	const code = findErrorCode(cause);
	const refusedLocally = isRefusedLocally(code);
	const known = (table: Record<string, string>) => (code !== undefined && Object.hasOwn(table, code) ? table[code] : undefined);
	const reason = (refusedLocally ? known(REFUSED_LOCALLY) : known(NETWORK_REASONS)) ?? 'the request failed before SpherePay answered';
	const unknownOutcome = !neverSent(code) && code !== 'ERR_CANCELED' && context.unknownOutcome;
	const timedOut = code !== undefined && TIMED_OUT.has(code) && timeoutMs !== undefined;
	const message = withItem(
		unknownOutcome
			? `No answer from SpherePay; ${unknownOutcome.clause}`
			: refusedLocally
				? 'The request to SpherePay could not be sent'
				: timedOut
					? `SpherePay did not answer within ${timeoutMs / 1000} s`
					: `Could not reach SpherePay at ${clip(baseUrl, MAX_SHORT)}`,
		context.itemIndex,
	);
	const description = [
		`${reason.charAt(0).toUpperCase()}${reason.slice(1)}${code ? ` (${code})` : ''}.`,
		unknownOutcome
			? unknownOutcomeAdvice(unknownOutcome.check)
			: refusedLocally
				? 'Nothing was sent to SpherePay.'
				: timedOut
					? 'Raise Options → Timeout if SpherePay is slow today, or check the credential’s environment or base URL.'
					: 'Check the credential’s environment or base URL and your network.',
	];
	if (attempts > 1) description.push(`Tried ${attempts} times.`);
	const error = new NodeOperationError(context.node, message, {
		itemIndex: context.itemIndex,
		description: description.join(' '),
	});
	error.context.spherePay = {
		code,
		...(unknownOutcome ? { outcome: 'unknown' as const } : {}),
	} satisfies SpherePayErrorDetails;
	return setMessage(error, message);
}

/**
 * An answer larger than the transport reads: it was cut off unread. After a 2xx the request
 * took effect, so a create says how to find out what it made.
 */
export function answerTooLargeError(context: ResponseContext, status: number, limit: number): NodeApiError {
	const size = `${Math.round(limit / (1024 * 1024))} MiB`;
	const message = withItem(`SpherePay answered ${status} with more than ${size}; the answer was not read`, context.itemIndex);
	const created = status >= 200 && status <= 299 ? context.unknownOutcome : undefined;
	const error = new NodeApiError(context.node, { status } as JsonObject, {
		message,
		description: created
			? `SpherePay processed the request. ${created.check}`
			: 'No SpherePay answer is that large: check the credential’s environment or base URL (a proxy or gateway in front of SpherePay may be answering instead).',
		httpCode: String(status),
		itemIndex: context.itemIndex,
	});
	error.context.spherePay = { httpCode: status } satisfies SpherePayErrorDetails;
	return setMessage(error, message);
}

// System (ECONNRESET), Node and axios (ERR_INVALID_CHAR) and OpenSSL (CERT_HAS_EXPIRED) codes.
const ERROR_CODE =
	/\b(E[A-Z]{3,}(?:_[A-Z0-9]+)*|ERR(?:_[A-Z0-9]+)+|CERT_[A-Z_]+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_[A-Z_]+)\b/;

/**
 * The system error code (ECONNREFUSED, …) behind a failed request. n8n's NodeApiError
 * does not keep an Error cause, but keeps the code and the original messages.
 */
export function findErrorCode(error: unknown): string | undefined {
	const texts: string[] = [];
	for (let current = error, depth = 0; isObject(current) && depth < 4; depth++) {
		if (typeof current.code === 'string') texts.push(current.code);
		// n8n's NodeApiError files a system error code under httpCode.
		if (typeof current.httpCode === 'string') texts.push(current.httpCode);
		if (Array.isArray(current.messages)) texts.push(...current.messages.map(String));
		if (typeof current.message === 'string') texts.push(current.message);
		current = current.cause;
	}
	for (const text of texts) {
		const code = ERROR_CODE.exec(text)?.[1];
		if (code) return code;
	}
	return undefined;
}

/** A field value the node refuses before any request is sent. */
export function validationError(
	node: INode,
	itemIndex: number,
	error: FieldValidationError,
): NodeOperationError {
	const message = withItem(error.message, itemIndex);
	const nodeError = new NodeOperationError(node, message, { itemIndex, description: error.fix });
	nodeError.context.spherePay = { field: error.field } satisfies SpherePayErrorDetails;
	return setMessage(nodeError, message);
}

/** Whatever an item's work threw, as an n8n error that carries the item index. */
export function toNodeError(
	node: INode,
	itemIndex: number,
	error: unknown,
): NodeApiError | NodeOperationError {
	if (error instanceof FieldValidationError) return validationError(node, itemIndex, error);
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}

/** The output item of a failed item under Continue On Fail: the message and the same details as the error. */
export function errorOutput(error: NodeApiError | NodeOperationError): IDataObject {
	const details = (error.context.spherePay ?? {}) as SpherePayErrorDetails;
	return {
		error: error.message,
		...(error.description ? { description: error.description } : {}),
		...details,
	};
}
