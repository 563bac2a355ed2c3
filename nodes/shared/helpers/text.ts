/** How long a short text from outside (a code, a URL, a field's name) may be in a message. */
export const MAX_SHORT_TEXT = 200;

/**
 * Shortens text that comes from outside (an API answer, a header, a user value) before
 * it goes into a message, an output item or n8n's log, and says that it was cut.
 */
export function clip(text: string, max: number): string {
	if (text.length <= max) return text;
	return `${text.slice(0, max)}… [cut: ${text.length.toLocaleString('en-US')} characters in all]`;
}

const MAX_ECHO = 60;

/** Quotes a user value for an error description, shortened so a pasted blob stays readable. */
export function quote(value: string): string {
	return JSON.stringify(value.length > MAX_ECHO ? `${value.slice(0, MAX_ECHO)}…` : value);
}

/** What stands in for a secret that an answer echoed. */
export const REDACTED = '[redacted]';

/**
 * `value` with every occurrence of `secret` in its texts (keys included) replaced by
 * REDACTED. Secrets shorter than 8 characters are left alone: they would match ordinary words.
 */
export function redact<T>(value: T, secret: string): T {
	if (secret.length < 8) return value;
	const scrub = (item: unknown): unknown => {
		if (typeof item === 'string') return item.split(secret).join(REDACTED);
		if (Array.isArray(item)) return item.map(scrub);
		if (typeof item !== 'object' || item === null) return item;
		const copy: Record<string, unknown> = {};
		for (const [key, entry] of Object.entries(item)) {
			Object.defineProperty(copy, scrub(key) as string, { value: scrub(entry), enumerable: true, writable: true, configurable: true });
		}
		return copy;
	};
	return scrub(value) as T;
}
