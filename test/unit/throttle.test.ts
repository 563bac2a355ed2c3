import { forEachConcurrently, RequestThrottle, Slots } from '../../nodes/shared/transport/throttle';

type Permit = Awaited<ReturnType<RequestThrottle['take']>>;

/**
 * Start times (ms after the first) of `count` requests through a throttle under fake
 * timers, each taking `durationMs` to answer.
 */
async function startTimes(
	throttle: RequestThrottle,
	count: number,
	{ durationMs = 0, before }: { durationMs?: number; before?: () => void } = {},
): Promise<number[]> {
	const t0 = Date.now();
	const times: number[] = [];
	before?.();
	const all = Promise.all(
		Array.from({ length: count }, async () => {
			const permit = await throttle.take();
			times.push(Date.now() - t0);
			if (durationMs > 0) await new Promise((resolve) => setTimeout(resolve, durationMs));
			permit.answered(true);
		}),
	);
	await jest.advanceTimersByTimeAsync(60_000);
	await all;
	return times;
}

/** The most starts inside any window of `windowMs`. */
const busiestWindow = (times: number[], windowMs: number) =>
	Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + windowMs).length));

describe('RequestThrottle', () => {
	beforeEach(() => jest.useFakeTimers({ now: Date.parse('2026-11-21T12:00:00Z') }));
	afterEach(() => jest.useRealTimers());

	test('95 per second: never more than 95 starts in any second, evenly spaced, no idle gaps', async () => {
		const times = await startTimes(RequestThrottle.perSecond(95), 300);
		expect(busiestWindow(times, 1000)).toBe(95);
		// One every 1000/95 ms, rounded up to the ms but not drifting: the 300th at 299 × 10.53 ms.
		expect(times).toEqual(Array.from({ length: 300 }, (_, k) => Math.max(0, Math.ceil((k * 1000) / 95 - 1e-9))));
	});

	test('a permit comes back a second after its answer, so slow requests cannot bunch up', async () => {
		const times = await startTimes(RequestThrottle.perSecond(2), 6, { durationMs: 300 });
		// Half a second apart, and each permit free again 1 s after its 300 ms answer.
		expect(times).toEqual([0, 500, 1300, 1800, 2600, 3100]);
	});

	test('while every permit is in use, the next request waits for one to be returned', async () => {
		const times = await startTimes(RequestThrottle.perSecond(1), 3, { durationMs: 5000 });
		expect(times).toEqual([0, 6000, 12000]);
	});

	test('fractional rates space requests out: 0.5 per second is one every 2 s', async () => {
		expect(await startTimes(RequestThrottle.perSecond(0.5), 4)).toEqual([0, 2000, 4000, 6000]);
	});

	test.each([2.5, 1.5, 99.9])('%d per second: never more than the whole number of requests in any second', async (rate) => {
		const times = await startTimes(RequestThrottle.perSecond(rate), Math.ceil(rate) * 4);
		expect(busiestWindow(times, 1000)).toBe(Math.floor(rate));
	});

	test('2.5 per second, slow answers: still at most 2 in any second', async () => {
		const times = await startTimes(RequestThrottle.perSecond(2.5), 8, { durationMs: 150 });
		expect(busiestWindow(times, 1000)).toBe(2);
	});

	test.each([0, Number.NaN, Infinity, -1])('%d means no limit: every request starts at once', async (rate) => {
		expect(await startTimes(RequestThrottle.perSecond(rate), 500)).toEqual(new Array(500).fill(0));
	});

	test('without a limit, a pause (a 429) still holds every request back', async () => {
		const throttle = RequestThrottle.perSecond(0);
		const times = await startTimes(throttle, 5, { before: () => throttle.pauseFor(1200) });
		expect(times).toEqual(new Array(5).fill(1200));
	});

	test('pauseFor holds every request back, then the pace applies again', async () => {
		const throttle = RequestThrottle.perSecond(10);
		const times = await startTimes(throttle, 12, { before: () => throttle.pauseFor(1500) });
		expect(times).toEqual(Array.from({ length: 12 }, (_, k) => 1500 + 100 * k));
	});

	test('a cancelled wait rejects that caller only; the queue goes on', async () => {
		const throttle = RequestThrottle.perSecond(1);
		const first = await throttle.take();
		const controller = new AbortController();
		const cancelled = throttle.take(controller.signal);
		const next = throttle.take();
		controller.abort();
		await expect(cancelled).rejects.toThrow();
		first.answered(true);
		first.answered(true); // a second release changes nothing
		await jest.advanceTimersByTimeAsync(999);
		let started = false;
		void next.then(() => (started = true));
		await jest.advanceTimersByTimeAsync(0);
		expect(started).toBe(false);
		await jest.advanceTimersByTimeAsync(1);
		await expect(next).resolves.toEqual({ answered: expect.any(Function), refused: expect.any(Function) });
	});
});

describe('forEachConcurrently', () => {
	test('runs every index once, at most `concurrency` at a time, starting in index order', async () => {
		let running = 0;
		let most = 0;
		const started: number[] = [];
		await forEachConcurrently(50, 7, async (index) => {
			started.push(index);
			running++;
			most = Math.max(most, running);
			await new Promise((resolve) => setImmediate(resolve));
			running--;
		});
		expect(most).toBe(7);
		expect(started).toEqual(Array.from({ length: 50 }, (_, i) => i));
	});

	test('starts nothing new once stop() is true', async () => {
		const started: number[] = [];
		await forEachConcurrently(
			100,
			4,
			async (index) => {
				started.push(index);
				await new Promise((resolve) => setImmediate(resolve));
			},
			() => started.length >= 10,
		);
		expect(started).toHaveLength(10);
	});

	test('no items, no work; concurrency below 1 still makes progress', async () => {
		const seen: number[] = [];
		await forEachConcurrently(0, 5, async (index) => void seen.push(index));
		await forEachConcurrently(3, 0, async (index) => void seen.push(index));
		expect(seen).toEqual([0, 1, 2]);
	});
});

describe('Slots', () => {
	test('at most `size` tasks at once, from any number of callers; waiting tasks start in the order they came', async () => {
		const slots = new Slots(3);
		let running = 0;
		let most = 0;
		const started: number[] = [];
		const task = (id: number) => async () => {
			started.push(id);
			running++;
			most = Math.max(most, running);
			for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
			running--;
			return id;
		};
		const results = await Promise.all(Array.from({ length: 20 }, (_, id) => slots.run(task(id))));
		expect(most).toBe(3);
		expect(started).toEqual(results);
		expect(results).toEqual(Array.from({ length: 20 }, (_, id) => id));
	});

	test('a failing task frees its slot and its caller gets the error', async () => {
		const slots = new Slots(1);
		await expect(slots.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		await expect(slots.run(async () => 'next')).resolves.toBe('next');
	});
});

/**
 * Sends `count` requests through `throttle`, each answered at once with `answer`,
 * advancing fake time only until the last is answered.
 */
async function serve(throttle: RequestThrottle, count: number, answer: (permit: Permit) => void = (p) => p.answered(true)) {
	let done = 0;
	const all = Promise.all(
		Array.from({ length: count }, async () => {
			answer(await throttle.take());
			done++;
		}),
	);
	while (done < count) await jest.advanceTimersByTimeAsync(1);
	await all;
}

describe('RequestThrottle: 429s lower the rate, successes raise it back', () => {
	beforeEach(() => jest.useFakeTimers({ now: Date.parse('2026-11-21T12:00:00Z') }));
	afterEach(() => jest.useRealTimers());

	test('a 429 holds every request for its wait and halves the rate; 429s of requests sent before the cut cut nothing more', async () => {
		const throttle = RequestThrottle.perSecond(100);
		const early: Permit[] = [];
		await serve(throttle, 3, (permit) => early.push(permit));
		early[0].refused(1000);
		// Nothing was accepted in the last second: half the rate that met the 429.
		expect(throttle.rate).toBe(50);
		early[1].refused(1000);
		early[2].refused(1000);
		expect(throttle.rate).toBe(50);
		const t0 = Date.now();
		await serve(throttle, 1, (permit) => permit.refused(1000));
		expect(Date.now() - t0).toBe(1000);
		// Sent after the cut, at the lower rate: that rate is too high too.
		expect(throttle.rate).toBe(25);
	});

	test('after a 429, the rate is 90% of what SpherePay accepted in the last second', async () => {
		const throttle = RequestThrottle.perSecond(100);
		await serve(throttle, 80);
		await serve(throttle, 1, (permit) => permit.refused(1000));
		expect(throttle.rate).toBe(72);
	});

	test('a 429 with Retry-After: 0 (repeat at once) lowers nothing', async () => {
		const throttle = RequestThrottle.perSecond(100);
		await serve(throttle, 1, (permit) => permit.refused(0));
		expect(throttle.rate).toBe(100);
	});

	test('no ceiling: a 429 halves the rate it met (the requests started in the last second)', async () => {
		const throttle = RequestThrottle.perSecond(0);
		const permits: Permit[] = [];
		await serve(throttle, 40, (permit) => permits.push(permit));
		permits[0].refused(500);
		expect(throttle.rate).toBe(20);
	});

	test('successes raise the rate slowly at first, faster the longer no 429 comes, back to the ceiling', async () => {
		const throttle = RequestThrottle.perSecond(100);
		await serve(throttle, 1, (permit) => permit.refused(1000));
		expect(throttle.rate).toBe(50);
		const t0 = Date.now();
		const rates: number[] = [];
		while (throttle.rate < 100 && Date.now() - t0 < 120_000) {
			await serve(throttle, 50);
			rates.push(throttle.rate);
		}
		// +0.5 per second just after the 429 (50 successes at 50/s are about a second)…
		expect(rates[0]).toBeGreaterThan(50.4);
		expect(rates[0]).toBeLessThan(50.7);
		// …and faster later: 50 successes at a higher rate (less than a second) still add more.
		expect(rates.at(-2)! - rates.at(-3)!).toBeGreaterThan(1.5 * (rates[1] - rates[0]));
		// Back at the ceiling, where it stays, within about 40 s of successes.
		expect(throttle.rate).toBe(100);
		expect(Date.now() - t0).toBeLessThan(45_000);
	});
});

/**
 * `processes` processes, each with its own throttle at 100 per second and 25 requests in
 * flight, send `perProcess` requests each to one API that allows `limit` per second in any
 * 1 s window (as SpherePay and the emulator count) and answers 429 with Retry-After beyond,
 * 40 ms away; a refused request is sent again. All on a fake clock.
 */
async function sharedLimit({ processes, perProcess, limit }: { processes: number; perProcess: number; limit: number }) {
	const accepted: number[] = [];
	let requests = 0;
	let refused = 0;
	const api = () => {
		const now = Date.now();
		while (accepted.length > 0 && accepted[0] <= now - 1000) accepted.shift();
		if (accepted.length >= limit) return { retryAfterMs: Math.ceil((accepted[0] + 1000 - now) / 1000) * 1000 };
		accepted.push(now);
		return undefined;
	};
	const wait = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));
	const t0 = Date.now();
	const throttles = Array.from({ length: processes }, () => RequestThrottle.perSecond(100));
	const finished: number[] = [];
	const run = Promise.all(
		throttles.map(async (throttle) => {
			let next = 0;
			const worker = async () => {
				for (; next < perProcess; next++) {
					for (;;) {
						const permit = await throttle.take();
						requests++;
						await wait(20);
						const refusal = api();
						if (refusal) refused++;

						await wait(20);
						if (!refusal) {
							permit.answered(true);
							break;
						}
						permit.refused(refusal.retryAfterMs);
					}
				}
			};
			await Promise.all(Array.from({ length: 25 }, worker));
			finished.push(Date.now() - t0);
		}),
	);
	// Halfway: the rates the processes settled on.
	let settled = 0;
	setTimeout(() => (settled = throttles.reduce((sum, throttle) => sum + throttle.rate, 0)), ((processes * perProcess) / limit) * 500);
	await jest.advanceTimersByTimeAsync(10 * 60_000);
	await run;
	return { requests, refused, wallMs: Math.max(...finished), settled };
}

describe('RequestThrottle: processes that share one limit settle near it', () => {
	beforeEach(() => jest.useFakeTimers({ now: Date.parse('2026-11-21T12:00:00Z') }));
	afterEach(() => jest.useRealTimers());

	// Measured: 2 processes 0.4% 429s, 1.20× the time the limit needs; 4 processes 1.3%, 1.30×
	// (each 429 holds a process for its Retry-After, 1 s here).
	test.each([
		[2, 2500, 1.25],
		[4, 1000, 1.35],
	])('%d processes, %d requests each, 100 per second allowed: few 429s, near the limit', async (processes, perProcess, slowest) => {
		const { requests, refused, wallMs, settled } = await sharedLimit({ processes, perProcess, limit: 100 });
		const floorMs = ((processes * perProcess) / 100) * 1000;
		expect(refused / requests).toBeLessThan(0.02);
		expect(wallMs / floorMs).toBeLessThan(slowest);
		expect(settled).toBeGreaterThan(80);
		expect(settled).toBeLessThan(120);
	});
});
