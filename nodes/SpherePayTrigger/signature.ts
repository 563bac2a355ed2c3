import { createHmac, timingSafeEqual } from 'crypto';

/** SpherePay's `signature` header: a hex HMAC-SHA256, 64 characters. */
const HEX_SHA256 = /^[0-9a-f]{64}$/;

const hmacHex = (secret: string, payload: Buffer | string) =>
	Buffer.from(createHmac('sha256', secret).update(payload).digest('hex'), 'utf8');

/** The header's value, if it is one value; a repeated header is not a signature. */
function headerValue(header: unknown): string | undefined {
	if (typeof header === 'string') return header;
	if (Array.isArray(header) && header.length === 1 && typeof header[0] === 'string') return header[0];
	return undefined;
}

/**
 * Whether `header` is the hex HMAC-SHA256 of the delivery, keyed with `secret`. Two payloads
 * are accepted, as SpherePay's docs sign "the body" while its own sample signs the parsed
 * body serialised again: the raw bytes received, and `JSON.stringify(parsedBody)`. Each is
 * compared in constant time (equal lengths, `timingSafeEqual`), and both are always compared.
 */
export function verifySignature(secret: string, header: unknown, rawBody: unknown, parsedBody: unknown): boolean {
	const provided = headerValue(header)?.trim().toLowerCase();
	if (secret === '' || provided === undefined || !HEX_SHA256.test(provided)) return false;
	const received = Buffer.from(provided, 'utf8');

	const payloads: Array<Buffer | string> = [];
	if (Buffer.isBuffer(rawBody) || typeof rawBody === 'string') payloads.push(rawBody);
	const reserialised = parsedBody === undefined ? undefined : JSON.stringify(parsedBody);
	if (typeof reserialised === 'string') payloads.push(reserialised);

	let valid = false;
	for (const payload of payloads) {
		const expected = hmacHex(secret, payload);
		const same = expected.length === received.length && timingSafeEqual(expected, received);
		valid = same || valid;
	}
	return valid;
}
