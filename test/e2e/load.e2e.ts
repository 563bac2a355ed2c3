/**
 * 1,000 signups at once, each its own webhook-started execution creating one customer, in
 * the pinned n8n (2.8.4) in regular mode (one process) and in queue mode (main, 2 workers, a
 * webhook processor, Postgres and Redis), against an emulator holding SpherePay's limit
 * (100 writes/s and 100 reads/s per key, 429 with Retry-After beyond). Every execution
 * succeeds, every signup becomes exactly one customer, and the 429s stay within 5% of the
 * creates sent. Counts only: how long it takes is the bench's business.
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

const pinned = versionsUnderTest().includes(host.DEFAULT_VERSION);

(pinned ? describe.each(load.MODES as string[]) : describe.skip.each(load.MODES as string[]))(
	`${SIGNUPS} concurrent onboarding executions in n8n ${host.DEFAULT_VERSION}, %s mode`,
	(mode) => {
		let emulator: Awaited<ReturnType<typeof startEmulator>>;
		// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test/tooling/load.js
		let n8n: any;

		beforeAll(async () => {
			emulator = await startEmulator({ apiKeys: [API_KEY], rateLimit: { perSecond: 100, retryAfter: true } });
			n8n = await load.startN8n(mode, {
				tarball: await tarball(),
				credentials: [localSpherePayCredential({ apiKey: API_KEY, baseUrl: emulator.url }, { id: 'spLoad', name: 'spLoad' })],
				workflows: [load.webhookWorkflow(WORKFLOW, load.createFromWebhook('spLoad'))],
			});
		}, 20 * 60_000);

		afterAll(async () => {
			await n8n?.stop();
			await emulator?.close();
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
	},
);
