import type { NodeOperationError } from 'n8n-workflow';

import { isObject } from '../helpers/json';
import { spherePayError, unknownOutcomeAdvice, type ResponseContext } from '../helpers/spherePayError';
import { clip, MAX_SHORT_TEXT } from '../helpers/text';

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
	'a request header holds a character HTTP does not allow: check the credential’s API key and the Idempotency Key for spaces or line breaks';
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
	const message = unknownOutcome
		? `No answer from SpherePay; ${unknownOutcome.clause}`
		: refusedLocally
			? 'The request to SpherePay could not be sent'
			: timedOut
				? `SpherePay did not answer within ${timeoutMs / 1000} s`
				: `Could not reach SpherePay at ${clip(baseUrl, MAX_SHORT_TEXT)}`;
	const description = [
		`${reason.charAt(0).toUpperCase()}${reason.slice(1)}${code ? ` (${code})` : ''}.`,
		unknownOutcome
			? unknownOutcomeAdvice(unknownOutcome.check)
			: refusedLocally
				? 'Nothing was sent to SpherePay.'
				: timedOut
					? 'Raise Options → Timeout if SpherePay is slow, or check the credential’s environment or base URL.'
					: 'Check the credential’s environment or base URL and your network.',
	];
	if (attempts > 1) description.push(`Tried ${attempts} times.`);
	return spherePayError(context, {
		message,
		description: description.join(' '),
		details: { code, ...(unknownOutcome ? { outcome: 'unknown' as const } : {}) },
	});
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
