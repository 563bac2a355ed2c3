import { isObject } from './json';
import { clip, MAX_SHORT_TEXT } from './text';

/** SpherePay's error body (RFC 9457 style). `code` is a string such as `validation/failed`. */
export interface ProblemDetails {
	status?: number;
	title?: string;
	detail?: string;
	code?: string;
	correlationId?: string;
	errors?: Array<{ detail?: string; pointer?: string; parameter?: string; header?: string }>;
}

// What an answer may put into a message, a description or n8n's log: a proxy that echoes
// a 2 MB payload into `detail` must not become a 2 MB error.
const MAX_DETAIL = 500;
const MAX_FIELD_ERRORS = 20;

const textOf = (record: Record<string, unknown>, key: string, max = MAX_SHORT_TEXT) =>
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
 * Older endpoints (the Terms of Service link's 404) answer `{ts, error: {general}}`
 * (LegacyErrorDto): `general` is the detail.
 */
function parseLegacyError(value: Record<string, unknown>): ProblemDetails | undefined {
	if (!isObject(value.error)) return undefined;
	const detail = textOf(value.error, 'general', MAX_DETAIL);
	return detail ? { detail } : undefined;
}

function parseProblemDetails(value: Record<string, unknown>): ProblemDetails | undefined {
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

/**
 * Returns the ProblemDetails in a response body (or a v1 error envelope or a legacy error
 * body, read as one), or undefined for HTML, empty or foreign bodies. Long texts are cut
 * (and say so), and at most 20 field errors are kept.
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
	return parseV1Error(value) ?? parseLegacyError(value) ?? parseProblemDetails(value);
}
