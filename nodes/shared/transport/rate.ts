// The throttle's terms: the permit a request holds, and how a 429 lowers the rate and successes raise
// it again, counted over a one-second window.

/** A request's hold on the throttle, from its start until its answer (or failure) is in. */
export interface Permit {
	/** The answer is in (or the request failed): a success counts toward a higher rate. */
	answered(success: boolean): void;
	/** SpherePay answered 429: a lower rate from now on, and no request for `waitMs`. */
	refused(waitMs: number): void;
}

/** After a 429, the rate is this share of what SpherePay accepted from this process in the last second… */
export const ACCEPTED_SHARE = 0.9;
/** …but never below this share of the rate that met the 429. */
export const DECREASE = 0.5;
/** Each second of successes at the rate in force raises it by this many requests per second. */
export const INCREASE_PER_SECOND = 0.5;
/** Every this many ms without a 429, the increase per second grows by INCREASE_PER_SECOND. */
export const SPEED_UP_MS = 10_000;
/** A 429 never lowers the rate below this. */
export const FLOOR_PER_SECOND = 1;
/** The window a rate is counted over (SpherePay's limit is per second). */
export const WINDOW_MS = 1000;

/** Drops the times up to `before` from the front of `times` (oldest first). */
export function dropBefore(times: number[], before: number): void {
	let old = 0;
	while (old < times.length && times[old] <= before) old++;
	if (old > 0) times.splice(0, old);
}
