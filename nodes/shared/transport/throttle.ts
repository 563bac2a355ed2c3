import { sleepWithAbort } from './sleep';

/**
 * Lets at most `limit` requests reach the API in any `windowMs`. Each of the `limit`
 * permits is returned `windowMs` after its request's answer (not its start), so however
 * long a request spent on the way, the next one on that permit reaches the API at
 * least `windowMs` after it: network delays cannot bunch requests into one second.
 * Without a limit it still serves callers in order and honours pauses.
 */
export class RequestThrottle {
	/** When each permit is free again; Infinity while its request runs. */
	private readonly freeAt: number[] = [];
	private queue: Promise<unknown> = Promise.resolve();
	private resumeAt = 0;
	private wake?: () => void;

	constructor(
		private readonly limit: number,
		private readonly windowMs: number,
	) {}

	/**
	 * At most ⌊perSecond⌋ requests in any one second (a second cannot hold half a
	 * request); below 1, one request every 1/perSecond seconds (0.5 = one every 2 s).
	 * 0 means no limit, though a 429 still pauses every request.
	 */
	static perSecond(perSecond: number): RequestThrottle {
		if (!(perSecond > 0) || !Number.isFinite(perSecond)) return new RequestThrottle(Infinity, 0);
		if (perSecond >= 1) return new RequestThrottle(Math.floor(perSecond), 1000);
		return new RequestThrottle(1, 1000 / perSecond);
	}

	/**
	 * Resolves when the next request may start, with the function to call once its
	 * answer (or failure) is in. Callers are served in the order they asked.
	 */
	async take(signal?: AbortSignal): Promise<() => void> {
		const turn = this.queue.then(async () => await this.acquire(signal));
		this.queue = turn.catch(() => undefined);
		return await turn;
	}

	/** Holds every request back for `ms` (SpherePay answered 429: the whole run slows down). */
	pauseFor(ms: number): void {
		this.resumeAt = Math.max(this.resumeAt, Date.now() + ms);
	}

	private async acquire(signal?: AbortSignal): Promise<() => void> {
		if (this.limit === Infinity) {
			for (let wait = this.resumeAt - Date.now(); wait > 0; wait = this.resumeAt - Date.now()) {
				await sleepWithAbort(wait, signal);
			}
			return () => undefined;
		}
		for (;;) {
			const slot = this.freeAt.length < this.limit ? this.freeAt.length : this.soonestFree();
			const now = Date.now();
			const wait = Math.max(this.resumeAt - now, (this.freeAt[slot] ?? now) - now);
			if (wait <= 0) {
				this.freeAt[slot] = Infinity;
				let released = false;
				return () => {
					if (released) return;
					released = true;
					this.freeAt[slot] = Date.now() + this.windowMs;
					this.wake?.();
				};
			}
			if (wait === Infinity) await this.nextRelease(signal);
			else await sleepWithAbort(wait, signal);
		}
	}

	private soonestFree(): number {
		let best = 0;
		for (let i = 1; i < this.freeAt.length; i++) if (this.freeAt[i] < this.freeAt[best]) best = i;
		return best;
	}

	/** Every permit is held by a running request: wait until one ends. */
	private async nextRelease(signal?: AbortSignal): Promise<void> {
		signal?.throwIfAborted();
		await new Promise<void>((resolve, reject) => {
			const onAbort = () => reject(signal?.reason ?? new Error('Aborted'));
			signal?.addEventListener('abort', onAbort, { once: true });
			this.wake = () => {
				this.wake = undefined;
				signal?.removeEventListener('abort', onAbort);
				resolve();
			};
		});
	}
}

/**
 * Calls `task` for 0 … count-1 with at most `concurrency` running at once, in index
 * order. Stops starting new tasks once `stop()` is true. `task` must not throw.
 */
export async function forEachConcurrently(
	count: number,
	concurrency: number,
	task: (index: number) => Promise<void>,
	stop: () => boolean = () => false,
): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < count && !stop()) await task(next++);
	};
	const workers = Math.max(1, Math.min(concurrency, count));
	await Promise.all(Array.from({ length: workers }, worker));
}

/** At most `size` tasks run at once, wherever they come from; waiting tasks start in the order they came. */
export class Slots {
	private free: number;
	private readonly waiting: Array<() => void> = [];

	constructor(size: number) {
		this.free = Math.max(1, size);
	}

	async run<T>(task: () => Promise<T>): Promise<T> {
		if (this.free > 0) this.free--;
		else await new Promise<void>((resolve) => this.waiting.push(resolve));
		try {
			return await task();
		} finally {
			// The slot passes straight to the next waiting task, so none can jump the queue.
			const next = this.waiting.shift();
			if (next) next();
			else this.free++;
		}
	}
}
