import { sleepWithAbort } from './sleep';
import { ACCEPTED_SHARE, DECREASE, dropBefore, FLOOR_PER_SECOND, INCREASE_PER_SECOND, SPEED_UP_MS, WINDOW_MS, type Permit } from './rate';

/**
 * Lets at most ⌊rate⌋ requests reach the API in any second, started at even intervals
 * (1/rate apart), so that a burst cannot outrun the first 429's warning. Each permit is
 * returned a second after its request's answer (not its start), so however long a
 * request spent on the way, the next one on that permit reaches the API at least a
 * second after it: network delays cannot bunch requests into one second. Below 1 per
 * second, one request every 1/rate seconds (0.5 = one every 2 s).
 *
 * The rate in force is the lowest of the ceilings set by the runs using the throttle
 * (none: no limit) and the rate SpherePay's 429s allow. A 429 holds every request back
 * for its wait and lowers the rate to 90% of what SpherePay accepted in the last second,
 * never below half the rate it met (once per round: 429s of requests started before the
 * cut met the old rate). Successes raise it again, slowly at first, faster the longer no
 * 429 comes, back to the ceiling: several processes sharing one limit settle near it.
 * Callers are served in the order they asked.
 */
export class RequestThrottle {
	/** The permits counted in the current window, by release time (Infinity while the request runs). */
	private permits: Array<{ releasedAt: number }> = [];
	private running = 0;
	private readonly ceilings: number[] = [];
	private queue: Promise<unknown> = Promise.resolve();
	private resumeAt = 0;
	/**
	 * The even spacing: `paced` requests started since `from`, `spacing` ms apart. Kept
	 * as a count (not a sum of fractions of a ms) so neither rounding nor timers firing on
	 * whole ms slow the rate.
	 */
	private pace = { from: 0, paced: 0, spacing: 0 };
	/** Starts in the last second, for the rate a 429 meets when no ceiling is set. */
	private recentStarts: number[] = [];
	/** The rate 429s allow; Infinity until one comes, and again once successes pass the ceiling. */
	private allowed = Infinity;
	private lastCut = -Infinity;
	/** When SpherePay's answers (other than 429) came in the last second. */
	private accepted: number[] = [];
	private waiting = 0;
	private wake?: () => void;

	/**
	 * A throttle at `perSecond` for as long as it lives (0, negative or not finite: no
	 * limit, though a 429 still holds every request back and lowers the rate).
	 */
	static perSecond(perSecond: number): RequestThrottle {
		const throttle = new RequestThrottle();
		throttle.join(perSecond);
		return throttle;
	}

	/**
	 * A run's ceiling, in force until the returned function is called; the lowest ceiling
	 * of the runs in force applies to all of them. 0 (no limit) adds none.
	 */
	join(perSecond: number): () => void {
		const ceiling = perSecond > 0 && Number.isFinite(perSecond) ? perSecond : Infinity;
		this.ceilings.push(ceiling);
		let left = false;
		return () => {
			if (left) return;
			left = true;
			this.ceilings.splice(this.ceilings.indexOf(ceiling), 1);
		};
	}

	/** The requests per second in force now (Infinity: no limit). */
	get rate(): number {
		return Math.min(this.allowed, ...this.ceilings);
	}

	/** No run uses the throttle and no request runs or waits. */
	get idle(): boolean {
		return this.ceilings.length === 0 && this.waiting === 0 && this.running === 0;
	}

	/**
	 * Resolves when the next request may start, with its permit. Callers are served in
	 * the order they asked.
	 */
	async take(signal?: AbortSignal): Promise<Permit> {
		this.waiting++;
		const turn = this.queue.then(async () => await this.acquire(signal));
		this.queue = turn.catch(() => undefined);
		try {
			return await turn;
		} finally {
			this.waiting--;
		}
	}

	/** Holds every request back for `ms`. */
	pauseFor(ms: number): void {
		this.resumeAt = Math.max(this.resumeAt, Date.now() + ms);
	}

	private get nextStart(): number {
		const { from, paced, spacing } = this.pace;
		// Rounded to the µs: a sum of fractions is not a wait.
		return from + Math.round(paced * spacing * 1000) / 1000;
	}

	private async acquire(signal?: AbortSignal): Promise<Permit> {
		for (;;) {
			const now = Date.now();
			const wait = this.waitBefore(now);
			if (wait <= 0) return this.grant(now);
			if (wait === Infinity) await this.nextRelease(signal);
			else await sleepWithAbort(wait, signal);
		}
	}

	/** How long the next request must wait from `now` (Infinity: until a running one ends). */
	private waitBefore(now: number): number {
		const rate = this.rate;
		let wait = this.resumeAt - now;
		if (rate === Infinity) return wait;
		const windowMs = rate >= 1 ? WINDOW_MS : WINDOW_MS / rate;
		const limit = rate >= 1 ? Math.floor(rate) : 1;
		this.prune(now, windowMs);
		wait = Math.max(wait, Math.ceil(this.nextStart - now));
		if (this.permits.length >= limit) {
			const freeAt = this.permits.map((p) => p.releasedAt + windowMs).sort((a, b) => a - b);
			wait = Math.max(wait, freeAt[this.permits.length - limit] - now);
		}
		return wait;
	}

	/** Drops the permits whose window has passed (without a limit, every returned one). */
	private prune(now: number, windowMs: number): void {
		this.permits = this.permits.filter((p) => p.releasedAt + windowMs > now);
	}

	private grant(now: number): Permit {
		const rate = this.rate;
		this.prune(now, rate === Infinity ? 0 : rate >= 1 ? WINDOW_MS : WINDOW_MS / rate);
		const permit = { releasedAt: Infinity };
		this.permits.push(permit);
		this.running++;
		const spacing = rate === Infinity ? 0 : WINDOW_MS / rate;
		// Late by less than one interval (timers fire on whole ms): keep to the schedule.
		if (spacing === this.pace.spacing && now - this.nextStart < spacing) this.pace.paced++;
		else this.pace = { from: now, paced: 1, spacing };
		this.recentStarts.push(now);
		dropBefore(this.recentStarts, now - WINDOW_MS);
		const release = () => {
			if (permit.releasedAt !== Infinity) return false;
			permit.releasedAt = Date.now();
			this.running--;
			this.wake?.();
			return true;
		};
		return {
			answered: (success) => {
				if (!release() || !success) return;
				const at = Date.now();
				this.accepted.push(at);
				dropBefore(this.accepted, at - WINDOW_MS);
				this.raise();
			},
			refused: (waitMs) => {
				if (!release()) return;
				this.pauseFor(waitMs);
				// Requests started before the last cut met the rate that was cut already; a
				// 429 that may be repeated at once (Retry-After: 0) says nothing of the rate.
				if (now > this.lastCut && waitMs > 0) this.cut();
			},
		};
	}

	private cut(): void {
		const now = Date.now();
		dropBefore(this.recentStarts, now - WINDOW_MS);
		dropBefore(this.accepted, now - WINDOW_MS);
		const met = this.rate === Infinity ? this.recentStarts.length : this.rate;
		const accepted = this.accepted.length;
		this.allowed = Math.max(FLOOR_PER_SECOND, met * DECREASE, Math.min(met, accepted) * ACCEPTED_SHARE);
		this.lastCut = now;
	}

	/** One success: at the rate in force, a second of them adds INCREASE_PER_SECOND. */
	private raise(): void {
		if (this.allowed === Infinity) return;
		// Slow just after a 429, faster the longer none comes (another process may have stopped).
		const perSecond = INCREASE_PER_SECOND * (1 + (Date.now() - this.lastCut) / SPEED_UP_MS);
		this.allowed += perSecond / Math.max(1, this.allowed);
		if (this.allowed >= Math.min(...this.ceilings)) this.allowed = Infinity;
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
