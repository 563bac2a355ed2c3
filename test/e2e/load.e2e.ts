/**
 * 1,000 signups at once, each its own webhook-started execution creating one customer, in
 * the pinned n8n (2.8.4) in regular mode (one process) and in queue mode (main, 2 workers, a
 * webhook processor, Postgres and Redis), against an emulator holding SpherePay's limit
 * (100 writes/s and 100 reads/s per key, 429 with Retry-After beyond). Every execution
 * succeeds, every signup becomes exactly one customer, and the 429s stay within 5% of the
 * creates sent. On two cores n8n itself starts fewer than 100 executions per second, below
 * that limit; so, in regular mode, 200 signups also go to a key allowed 20 per second, with
 * the node's Requests per Second at 20: one pace shared by every execution keeps the 429s as
 * rare. Counts only: how long it takes is the bench's business.
 */
import { randomBytes } from 'node:crypto';

import { startEmulator } from '../emulator';
import { tarball, versionsUnderTest } from './n8n';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const host = require('../tooling/n8n-host');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = require('../tooling/load');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { localSpherePayCredential } = require('../tooling/examples');

const API_KEY = `sk_test_${randomBytes(16).toString('hex')}`;
const SIGNUPS = 1000;
const WORKFLOW = 'e2eLoadOnboard01';
const SLOW_SIGNUPS = 200;
const SLOW_WORKFLOW = 'e2eLoadOnboard20';

const pinned = versionsUnderTest().includes(host.DEFAULT_VERSION);

(pinned ? describe.each(load.MODES as string[]) : describe.skip.each(load.MODES as string[]))(
	`${SIGNUPS} concurrent onboarding executions in n8n ${host.DEFAULT_VERSION}, %s mode`,
	(mode) => {
		let emulator: Awaited<ReturnType<typeof startEmulator>>;
		/** Another SpherePay application, allowed 20 requests per second. */
		let slow: Awaited<ReturnType<typeof startEmulator>>;
		// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test/tooling/load.js
		let n8n: any;

		beforeAll(async () => {
			emulator = await startEmulator({ apiKeys: [API_KEY], rateLimit: { perSecond: 100, retryAfter: true } });
			slow = await startEmulator({ apiKeys: [API_KEY], rateLimit: { perSecond: 20, retryAfter: true } });
			n8n = await load.startN8n(mode, {
				tarball: await tarball(),
				credentials: [
					localSpherePayCredential({ apiKey: API_KEY, baseUrl: emulator.url }, { id: 'spLoad', name: 'spLoad' }),
					localSpherePayCredential({ apiKey: API_KEY, baseUrl: slow.url }, { id: 'spSlow', name: 'spSlow' }),
				],
				workflows: [
					load.webhookWorkflow(WORKFLOW, load.createFromWebhook('spLoad')),
					load.webhookWorkflow(SLOW_WORKFLOW, load.createFromWebhook('spSlow', { requestsPerSecond: 20 })),
				],
			});
		}, 20 * 60_000);

		afterAll(async () => {
			await n8n?.stop();
			await emulator?.close();
			await slow?.close();
		});

		test('every execution succeeds: one customer per signup, none twice, 429s within 5% of the creates', async () => {
			const result = await load.runLoad(n8n, WORKFLOW, emulator, SIGNUPS);
			process.stderr.write(
				`${mode} mode: ${result.requests} creates sent, ${result.rateLimited} refused (429), busiest second ${result.busiestSecond} requests\n`,
			);
			expect(result.refusedCalls).toEqual([]);
			expect(result.statuses).toEqual({ success: SIGNUPS });
			// Each signup is one customer: the creates SpherePay accepted are exactly the signups.
			expect(result.customers).toBe(SIGNUPS);
			expect([...result.createdEmails].sort()).toEqual([...result.requestedEmails].sort());
			expect(result.requests - result.rateLimited).toBe(SIGNUPS);
			expect(result.rateLimited).toBeLessThanOrEqual(0.05 * result.requests);
			expect(emulator.contractViolations).toEqual([]);
		}, 20 * 60_000);

		(mode === 'regular' ? test : test.skip)(
			`${SLOW_SIGNUPS} at once to a key allowed 20 per second, Requests per Second 20: one shared pace, 429s within 5%`,
			async () => {
				const result = await load.runLoad(n8n, SLOW_WORKFLOW, slow, SLOW_SIGNUPS);
				process.stderr.write(`${mode} mode at 20/s: ${result.requests} creates sent, ${result.rateLimited} refused (429), busiest second ${result.busiestSecond}\n`);
				expect(result.statuses).toEqual({ success: SLOW_SIGNUPS });
				expect([...result.createdEmails].sort()).toEqual([...result.requestedEmails].sort());
				expect(result.requests - result.rateLimited).toBe(SLOW_SIGNUPS);
				expect(result.rateLimited).toBeLessThanOrEqual(0.05 * result.requests);
				expect(slow.contractViolations).toEqual([]);
			},
			20 * 60_000,
		);
	},
);
