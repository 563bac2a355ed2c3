import type { IHttpRequestMethods } from 'n8n-workflow';

import { keyFingerprint } from '../helpers/fingerprint';
import { RequestThrottle } from './throttle';

/**
 * The pace of one SpherePay application (an origin and an API key) in this process:
 * SpherePay counts reads and writes apart, so each has its own throttle.
 */
export class Pacer {
	readonly reads = new RequestThrottle();
	readonly writes = new RequestThrottle();
	lastUsed = Date.now();

	/** The throttle a request with `method` passes. */
	throttleFor(method: IHttpRequestMethods): RequestThrottle {
		this.lastUsed = Date.now();
		return method === 'GET' || method === 'HEAD' ? this.reads : this.writes;
	}

	/** A run's Requests per Second, in force for reads and writes until the returned function is called. */
	join(perSecond: number): () => void {
		this.lastUsed = Date.now();
		const leave = [this.reads.join(perSecond), this.writes.join(perSecond)];
		return () => {
			this.lastUsed = Date.now();
			for (const done of leave) done();
		};
	}

	get idle(): boolean {
		return this.reads.idle && this.writes.idle;
	}
}

/** A pacer unused this long is forgotten: a 429's lowered rate is long out of date by then. */
const IDLE_MS = 10 * 60_000;
/** The most applications remembered at once; beyond, the longest unused goes. */
const MAX_PACERS = 100;

/** Every pacer of this process, the most recently used last. Keyed by origin and key fingerprint, never the key. */
const pacers = new Map<string, Pacer>();

/**
 * The pacer every run in this process shares for the application at `origin` (as
 * baseUrlOf resolves it) with `apiKey`.
 */
export function pacerFor(origin: string, apiKey: string): Pacer {
	const now = Date.now();
	for (const [id, pacer] of pacers) if (pacer.idle && now - pacer.lastUsed > IDLE_MS) pacers.delete(id);
	const id = `${origin}\n${keyFingerprint(apiKey.trim())}`;
	const pacer = pacers.get(id) ?? new Pacer();
	// Re-inserted: the map's order is the order of use.
	pacers.delete(id);
	pacers.set(id, pacer);
	// Runs still holding an evicted pacer keep it; new runs get a fresh one.
	for (const oldest of pacers.keys()) {
		if (pacers.size <= MAX_PACERS) break;
		pacers.delete(oldest);
	}
	pacer.lastUsed = now;
	return pacer;
}
