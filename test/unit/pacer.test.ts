import { Pacer, pacerFor } from '../../nodes/shared/transport/pacer';

const ORIGIN = 'https://api.spherepay.co';

describe('pacerFor: one pacer per application in the process', () => {
	beforeEach(() => jest.useFakeTimers({ now: Date.parse('2026-11-21T12:00:00Z') }));
	afterEach(() => jest.useRealTimers());

	test('the same origin and key share one pacer; another key or origin has its own', () => {
		const pacer = pacerFor(ORIGIN, 'sk_live_one');
		expect(pacer).toBeInstanceOf(Pacer);
		expect(pacerFor(ORIGIN, 'sk_live_one')).toBe(pacer);
		// The key as the credential may hold it, with a line break.
		expect(pacerFor(ORIGIN, ' sk_live_one\n')).toBe(pacer);
		expect(pacerFor(ORIGIN, 'sk_live_two')).not.toBe(pacer);
		expect(pacerFor('https://api.sandbox.spherepay.co', 'sk_live_one')).not.toBe(pacer);
	});

	test('reads and writes are paced apart, as SpherePay counts them', () => {
		const pacer = pacerFor(ORIGIN, 'sk_live_methods');
		expect(pacer.throttleFor('GET')).toBe(pacer.reads);
		expect(pacer.throttleFor('HEAD')).toBe(pacer.reads);
		for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) expect(pacer.throttleFor(method)).toBe(pacer.writes);
		expect(pacer.reads).not.toBe(pacer.writes);
	});

	test('a pacer unused for 10 minutes is forgotten, unless a run still holds it', () => {
		const idle = pacerFor(ORIGIN, 'sk_live_idle');
		const held = pacerFor(ORIGIN, 'sk_live_held');
		const leave = held.join(50);
		jest.advanceTimersByTime(10 * 60_000 + 1);
		expect(pacerFor(ORIGIN, 'sk_live_idle')).not.toBe(idle);
		expect(pacerFor(ORIGIN, 'sk_live_held')).toBe(held);
		leave();
		expect(held.reads.rate).toBe(Infinity);
	});

	test('at most 100 applications are remembered: the longest unused goes first', () => {
		const first = pacerFor(ORIGIN, 'sk_live_first');
		const second = pacerFor(ORIGIN, 'sk_live_second');
		for (let i = 0; i < 99; i++) {
			pacerFor(ORIGIN, `sk_live_other_${i}`);
			// The second stays in use.
			pacerFor(ORIGIN, 'sk_live_second');
		}
		expect(pacerFor(ORIGIN, 'sk_live_second')).toBe(second);
		expect(pacerFor(ORIGIN, 'sk_live_first')).not.toBe(first);
	});
});

describe('Pacer.join: the Requests per Second of the runs in force', () => {
	test('the lowest setting of the runs in force applies to all, to reads and writes alike; 0 adds no limit', () => {
		const pacer = new Pacer();
		expect(pacer.writes.rate).toBe(Infinity);
		const leaveFast = pacer.join(100);
		const leaveNone = pacer.join(0);
		expect([pacer.reads.rate, pacer.writes.rate]).toEqual([100, 100]);
		const leaveSlow = pacer.join(20);
		expect([pacer.reads.rate, pacer.writes.rate]).toEqual([20, 20]);
		leaveSlow();
		leaveSlow(); // leaving twice changes nothing
		expect(pacer.writes.rate).toBe(100);
		leaveFast();
		leaveNone();
		expect(pacer.writes.rate).toBe(Infinity);
		expect(pacer.idle).toBe(true);
	});
});
