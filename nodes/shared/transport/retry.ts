import { DEFAULT_RETRIES, DEFAULT_TIMEOUT_SECONDS, MAX_RETRIES, MAX_TIMEOUT_SECONDS } from '../constants';
import { numberOr } from '../helpers/number';

/** How a request is retried; every policy the package uses is defined here. */
export interface RetryPolicy {
	/** The longest one attempt may take, answer included. */
	timeoutMs: number;
	/** How many times a failed attempt may be repeated. */
	retries: number;
	/**
	 * Whether sending the request twice is harmless. If not (it creates something), only
	 * failures that prove it was not processed are retried: 429 and "never reached".
	 */
	repeatable: boolean;
}

const DEFAULT_TIMEOUT_MS = DEFAULT_TIMEOUT_SECONDS * 1000;

/** A picker's search in the editor: a read, retried once. */
export const EDITOR_READ: RetryPolicy = { timeoutMs: DEFAULT_TIMEOUT_MS, retries: 1, repeatable: true };

/** A trigger's reads while its workflow is activated. */
export const ACTIVATION_READ: RetryPolicy = { timeoutMs: DEFAULT_TIMEOUT_MS, retries: 2, repeatable: true };

/** Registering twice would take two of the account's ten webhooks: only failures that prove nothing was sent are retried. */
export const ACTIVATION_WRITE: RetryPolicy = { timeoutMs: DEFAULT_TIMEOUT_MS, retries: 2, repeatable: false };

/** A node item's time-out and retries, from its Timeout and Retries options. */
export function requestSettings(options: { timeout?: unknown; maxRetries?: unknown }): Omit<RetryPolicy, 'repeatable'> {
	const timeout = numberOr(options.timeout, DEFAULT_TIMEOUT_SECONDS, (n) => n > 0);
	const retries = numberOr(options.maxRetries, DEFAULT_RETRIES, (n) => Number.isInteger(n) && n >= 0);
	// Expressions can exceed the field's limits; beyond 2^31 ms Node's timers fire at once.
	return {
		timeoutMs: Math.max(1, Math.round(Math.min(timeout, MAX_TIMEOUT_SECONDS) * 1000)),
		retries: Math.min(retries, MAX_RETRIES),
	};
}

/** A node item's policy: its options, and whether its operation may send a request twice. */
export const itemPolicy = (options: { timeout?: unknown; maxRetries?: unknown }, repeatable: boolean): RetryPolicy => ({
	...requestSettings(options),
	repeatable,
});

const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 8_000;
const RETRY_AFTER_MAX_MS = 60_000;

/** Exponential backoff with jitter: 250–500 ms, 500–1000 ms, 1–2 s, … up to 8 s. */
export function backoffMs(attempt: number, random = Math.random): number {
	const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt);
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
/** Retry-After as seconds or an HTTP date, in ms (at most a minute); undefined when absent or unreadable. */
export function retryAfterMs(value: unknown, now = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	let ms: number;
	if (/^\s*\d+\s*$/.test(text)) ms = Number(text) * 1000;
	else if (/^[A-Z][a-z]{2}, /.test(text.trim())) ms = Date.parse(text) - now;
	else return undefined;
	if (!Number.isFinite(ms)) return undefined;
	return Math.min(RETRY_AFTER_MAX_MS, Math.max(0, ms));
}
