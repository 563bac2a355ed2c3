import { backoffMs, retryAfterMs } from '../../nodes/shared/transport/retry';

describe('Retry-After', () => {
	const now = Date.parse('2026-11-21T12:00:00Z');

	test.each([
		['2', 2000],
		[' 0 ', 0],
		['3600', 60_000],
		['Sat, 21 Nov 2026 12:00:05 GMT', 5000],
		['Sat, 21 Nov 2026 11:59:00 GMT', 0],
		[['7'], 7000],
	])('%j → %d ms', (value, expected) => {
		expect(retryAfterMs(value, now)).toBe(expected);
	});

	test.each([undefined, '', 'soon', '-5', '1.5e99x'])('%j is ignored', (value) => {
		expect(retryAfterMs(value, now)).toBeUndefined();
	});
});

test('backoff doubles per attempt, with jitter between half and all of it, capped at 8 s', () => {
	expect([0, 1, 2, 3, 10].map((attempt) => backoffMs(attempt, () => 0))).toEqual([250, 500, 1000, 2000, 4000]);
	expect([0, 1, 2, 3, 10].map((attempt) => backoffMs(attempt, () => 1))).toEqual([500, 1000, 2000, 4000, 8000]);
});
