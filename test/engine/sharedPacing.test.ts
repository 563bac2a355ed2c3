/**
 * Every run of the node in one process shares one pace per SpherePay application (base
 * URL and API key), reads and writes apart, as SpherePay counts its limit.
 */
import { randomBytes } from 'node:crypto';

import { API_KEY, createParameters, useEmulator, type Emulator } from './fixtures';
import { runNode } from './harness';

const OTHER_KEY = `sk_test_${randomBytes(16).toString('hex')}`;
const items = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => ({ email: `${prefix}${i}@example.com` }));
const byEmail = (requestsPerSecond: number) =>
	createParameters({ email: '={{ $json.email }}', options: { requestsPerSecond, concurrency: 10, maxRetries: 5 } });

type Request = Emulator['requests'][number];
/** The most requests that arrived inside any 1 s window. */
const busiestSecond = (requests: Request[]) => {
	const times = requests.map((r) => r.receivedAt);
	return Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));
};
const keyOf = (request: Request) => String(request.headers.authorization).replace('Bearer ', '');

describe('one pace per application, shared by every run in the process', () => {
	const env = useEmulator({ apiKeys: [API_KEY, OTHER_KEY], rateLimit: { perSecond: 5, retryAfter: true } });

	test('two executions at once, 5 per second each, against a limit of 5: they share it, no 429', async () => {
		const runs = await Promise.all([
			runNode({ parameters: byEmail(5), items: items('a', 10), credential: env.credential }),
			runNode({ parameters: byEmail(5), items: items('b', 10), credential: env.credential }),
		]);
		expect(runs.map((run) => run.error)).toEqual([undefined, undefined]);
		expect(env.emulator.stats.rateLimited).toBe(0);
		expect(busiestSecond(env.emulator.requests)).toBeLessThanOrEqual(5);
		expect(env.emulator.customers.size).toBe(20);
	});

	test('the lowest Requests per Second of the runs in force applies to all of them', async () => {
		const slow = runNode({ parameters: byEmail(5), items: items('slow', 20), credential: env.credential });
		// The slow run is under way (its setting in force) before the fast one starts.
		while (env.emulator.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
		// Done while the slow one still runs: after it, 100 per second would be in force again.
		const fast = runNode({ parameters: byEmail(100), items: items('fast', 4), credential: env.credential });
		const runs = await Promise.all([slow, fast]);
		expect(runs.map((run) => run.error)).toEqual([undefined, undefined]);
		expect(env.emulator.stats.rateLimited).toBe(0);
		expect(busiestSecond(env.emulator.requests)).toBeLessThanOrEqual(5);
		expect(env.emulator.customers.size).toBe(24);
	});

	test('two API keys are two applications: each has its own 5 per second', async () => {
		const runs = await Promise.all([
			runNode({ parameters: byEmail(5), items: items('one', 10), credential: env.credential }),
			runNode({ parameters: byEmail(5), items: items('two', 10), credential: { ...env.credential, apiKey: OTHER_KEY } }),
		]);
		expect(runs.map((run) => run.error)).toEqual([undefined, undefined]);
		expect(env.emulator.stats.rateLimited).toBe(0);
		const { requests } = env.emulator;
		expect(busiestSecond(requests.filter((r) => keyOf(r) === API_KEY))).toBeLessThanOrEqual(5);
		expect(busiestSecond(requests.filter((r) => keyOf(r) === OTHER_KEY))).toBeLessThanOrEqual(5);
		// Not one budget for both: more than 5 arrived within one second.
		expect(busiestSecond(requests)).toBeGreaterThan(5);
	});

	test('reads and writes are paced apart: a Get run and a Create run each have 5 per second', async () => {
		const ids = Array.from({ length: 10 }, () => env.emulator.seedLinkCustomer({}));
		const runs = await Promise.all([
			runNode({ parameters: byEmail(5), items: items('write', 10), credential: env.credential }),
			runNode({
				parameters: { resource: 'customer', operation: 'get', customerId: '={{ $json.id }}', options: { requestsPerSecond: 5, concurrency: 10 } },
				items: ids.map((id) => ({ id })),
				credential: env.credential,
			}),
		]);
		expect(runs.map((run) => run.error)).toEqual([undefined, undefined]);
		expect(runs[1].output).toHaveLength(10);
		expect(env.emulator.stats.rateLimited).toBe(0);
		const { requests } = env.emulator;
		expect(busiestSecond(requests.filter((r) => r.method === 'GET'))).toBeLessThanOrEqual(5);
		expect(busiestSecond(requests.filter((r) => r.method === 'POST'))).toBeLessThanOrEqual(5);
		expect(busiestSecond(requests)).toBeGreaterThan(5);
	});
});

describe('a 429 lowers the pace of the process, not only of its run', () => {
	const env = useEmulator();

	test('after a 429 in one execution (Retry-After: 1), the next execution sends at half its setting', async () => {
		env.emulator.fault({ status: 429, json: { status: 429, detail: 'Too many requests' }, headers: { 'Retry-After': '1' } });
		const first = await runNode({ parameters: byEmail(10), items: items('first', 1), credential: env.credential });
		expect(first.error).toBeUndefined();
		env.emulator.reset();
		const next = await runNode({ parameters: byEmail(10), items: items('next', 10), credential: env.credential });
		expect(next.error).toBeUndefined();
		expect(env.emulator.customers.size).toBe(10);
		// 5 per second, rising a little with each answer: not the 10 the option allows.
		expect(busiestSecond(env.emulator.requests)).toBeLessThanOrEqual(6);
	});
});
