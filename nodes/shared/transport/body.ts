/**
 * The most bytes read from one answer: a page of 100 customers is about 40 kB, so this is
 * far above anything SpherePay sends, and keeps a misbehaving server or proxy from filling
 * n8n's memory.
 */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

export type BodyStream = AsyncIterable<Uint8Array> & { destroy?: () => void };

export const isStream = (body: unknown): body is BodyStream =>
	typeof body === 'object' && body !== null && Symbol.asyncIterator in body;

/** Reads a body stream up to `limit` bytes; undefined (and the stream destroyed) past that. */
export async function readCapped(stream: BodyStream, limit: number): Promise<Buffer | undefined> {
	const chunks: Uint8Array[] = [];
	let size = 0;
	for await (const chunk of stream) {
		size += chunk.length;
		if (size > limit) {
			stream.destroy?.();
			return undefined;
		}
		chunks.push(chunk);
	}
	return Buffer.concat(chunks);
}

/** An answer's body: JSON when it parses, else its text (an HTML page from a gateway). */
export function parseBody(bytes: Buffer): unknown {
	const text = bytes.toString('utf8');
	if (text.trim() === '') return '';
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}
