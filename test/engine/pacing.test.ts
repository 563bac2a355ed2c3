import type { INodeExecutionData } from 'n8n-workflow';

import { createParameters, useEmulator, type Emulator } from './fixtures';
import { runNode } from './harness';

const emailOf = (i: number) => `customer${i}@example.com`;
const itemsOf = (count: number) => Array.from({ length: count }, (_, i) => ({ email: emailOf(i) }));
const byEmail = createParameters({ email: '={{ $json.email }}' });
/** The email of the customer behind each output item, to check order and pairing. */
const emailsOf = (env: { emulator: Emulator }, output: INodeExecutionData[]) =>
	output.map((o) => env.emulator.customers.get(String(o.json.customerId))?.email);

/** The most requests that arrived inside any 1 s window. */
const busiestSecond = (times: number[]) =>
	Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));

describe('concurrency: bounded, and output order is input order', () => {
	const env = useEmulator({ latencyMs: 20 });

	test('30 items at concurrency 4: never more than 4 in flight; slow early answers keep their place', async () => {
		// Items 1–3 wait until a 5th request arrives (it must not) or 1 s passes, so the first
		// four are surely in flight together; items 0 and 5 answer after everything around them.
		for (const held of [1, 2, 3]) {
			env.emulator.fault({ when: (body) => body?.email === emailOf(held), holdUntilInFlight: 5, delayMs: 1000 });
		}
		env.emulator.fault({ when: (body) => body?.email === emailOf(0), delayMs: 1400 });
		env.emulator.fault({ when: (body) => body?.email === emailOf(5), delayMs: 400 });
		const { output, error } = await runNode({
			parameters: { ...byEmail, options: { concurrency: 4 } },
			items: itemsOf(30),
			credential: env.credential,
		});
		expect(error).toBeUndefined();
		expect(env.emulator.stats.maxInFlight).toBe(4);
		expect(env.emulator.requests[0].body).toMatchObject({ email: emailOf(0) });
		expect(output.map((o) => o.pairedItem)).toEqual(itemsOf(30).map((_, item) => ({ item })));
		expect(emailsOf(env, output)).toEqual(
			itemsOf(30).map((item) => item.email),
		);
	});

	test('the default is 25 at once', async () => {
		// The first 25 answers wait for a 26th request (it must not come) or 1.5 s.
		env.emulator.fault({ times: 25, holdUntilInFlight: 26, delayMs: 1500 });
		await runNode({ parameters: byEmail, items: itemsOf(40), credential: env.credential });
		expect(env.emulator.stats.maxInFlight).toBe(25);
		expect(env.emulator.customers.size).toBe(40);
	});
});

describe('requests per second: the client stays under the API limit', () => {
	// No headroom needed: a permit is returned a second after the answer, not the start.
	const env = useEmulator({ rateLimit: { perSecond: 5 } });

	test('at 5/s against an API that allows 5/s: no 429', async () => {
		const { output, error } = await runNode({
			parameters: { ...byEmail, options: { requestsPerSecond: 5, concurrency: 10 } },
			items: itemsOf(12),
			credential: env.credential,
		});
		expect(error).toBeUndefined();
		expect(output.map((o) => o.json.customerId)).toHaveLength(12);
		expect(env.emulator.stats.rateLimited).toBe(0);
		expect(busiestSecond(env.emulator.requests.map((r) => r.receivedAt))).toBeLessThanOrEqual(5);
		expect(env.emulator.customers.size).toBe(12);
	});
});

describe('429s slow the whole run down, and nothing is lost or doubled', () => {
	const env = useEmulator({ rateLimit: { perSecond: 5, retryAfter: true } });

	test('no client limit, an API that allows 5/s: every item succeeds once', async () => {
		const { output, error } = await runNode({
			parameters: { ...byEmail, options: { requestsPerSecond: 0, maxRetries: 5 } },
			items: itemsOf(12),
			credential: env.credential,
		});
		expect(error).toBeUndefined();
		expect(env.emulator.stats.rateLimited).toBeGreaterThan(0);
		expect(emailsOf(env, output)).toEqual(
			itemsOf(12).map((item) => item.email),
		);
		expect(env.emulator.customers.size).toBe(12);
	});
});
