/**
 * SpherePay Trigger in n8n 2.8.4's queue mode (main, 2 workers, 2 webhook processors,
 * Postgres, Redis; production webhooks on the webhook processors only): activating on the
 * main registers the webhook once; a signed delivery to a webhook processor is verified and
 * runs on a worker; the same delivery re-sent, after that run finished, to the other webhook
 * processor starts nothing, while a new event there does.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { deliver, startEmulator } from '../emulator';
import { finishedExecutions, tarball, versionsUnderTest, type Execution } from './n8n';
import { until } from '../tooling/until';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const host = require('../tooling/n8n-host');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { N8nRest } = require('../tooling/n8n-rest');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startQueueMode } = require('../tooling/queue-mode');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { OWNER, SPHEREPAY_CREDENTIAL, localSpherePayCredential } = require('../tooling/examples');

const API_KEY = `sk_test_${randomBytes(16).toString('hex')}`;

const LISTENER = {
	id: 'e2eQueueTrigger1',
	name: 'SpherePay events in queue mode',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'e2e-queue-trigger',
			name: 'SpherePay Trigger',
			type: 'n8n-nodes-spherepay.spherePayTrigger',
			typeVersion: 1,
			position: [0, 0],
			webhookId: '5d1c9e7a-3b2f-4a6d-9c8e-7f0a1b2c3d4e',
			parameters: { registration: 'automatic', events: ['*'] },
			credentials: { spherePayApi: SPHEREPAY_CREDENTIAL },
		},
	],
	connections: {},
};

const pinned = versionsUnderTest().includes(host.DEFAULT_VERSION);

(pinned ? describe : describe.skip)(`SpherePay Trigger in n8n ${host.DEFAULT_VERSION}'s queue mode`, () => {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'spherepay-queue-'));
	let emulator: Awaited<ReturnType<typeof startEmulator>>;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test/tooling/queue-mode.js
	let cluster: any;
	let rest: InstanceType<typeof N8nRest>;
	const registrations = () => emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v1/webhook');
	const productionUrl = (base: string) => `${base}/webhook/${LISTENER.nodes[0].webhookId}/webhook`;
	/** The workflow's finished executions, oldest first, once there are `count` of them. */
	const executions = (count: number) => finishedExecutions(rest, LISTENER.id, count, 60_000);
	const eventIdOf = (execution: Execution) => execution.data.resultData.runData['SpherePay Trigger'][0].data!.main[0][0].json.eventId;

	beforeAll(async () => {
		emulator = await startEmulator({ apiKeys: [API_KEY] });
		await host.ensureN8n(host.DEFAULT_VERSION);
		await host.installPackage(userFolder, await tarball());
		cluster = await startQueueMode(host.DEFAULT_VERSION, userFolder, { webhookProcessors: 2, env: { N8N_LOG_LEVEL: 'info' } });
		const write = (name: string, value: unknown) => {
			const file = path.join(userFolder, name);
			fs.writeFileSync(file, JSON.stringify(value));
			return file;
		};
		for (const args of [
			['import:credentials', '--input', write('credentials.json', [localSpherePayCredential({ apiKey: API_KEY, baseUrl: emulator.url })])],
			['import:workflow', '--input', write('workflow.json', LISTENER)],
		]) {
			const result = await cluster.cli(args);
			if (result.code !== 0) throw new Error(`${args[0]} failed:\n${result.stdout}\n${result.stderr}`);
		}
		rest = new N8nRest(cluster.main.url);
		await rest.signIn(OWNER);
	}, 20 * 60_000);

	afterEach(() => expect(emulator.contractViolations).toEqual([]));

	afterAll(async () => {
		await cluster?.stop();
		await emulator?.close();
		fs.rmSync(userFolder, { recursive: true, force: true });
	});

	test('activating on the main registers the first webhook processor’s Production URL, once', async () => {
		await rest.activate(LISTENER.id);
		await until(async () => registrations().length > 0, { timeoutMs: 60_000 });
		expect(registrations().map((r) => (r.body as IDataObject).url)).toEqual([productionUrl(cluster.webhooks[0].url)]);
	});

	test('a delivery runs on a worker; re-sent to the other webhook processor after that run, it starts none', async () => {
		const ada = emulator.seedLinkCustomer({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' });
		emulator.setVerification(ada, 'approved');
		const event = emulator.customerEvent('customer.kyc.successful', ada);
		const [{ secret }] = [...emulator.webhooks.values()];

		expect((await emulator.publish(event)).map((d) => d.status)).toEqual([200]);
		const [first] = await executions(1);
		expect(first.status).toBe('success');
		expect(eventIdOf(first)).toBe(event.id);
		const ranOn = cluster.workers.filter((worker: { output(): string }) => worker.output().includes(`Worker started execution ${first.id} `));
		expect(ranOn).toHaveLength(1);

		const other = productionUrl(cluster.webhooks[1].url);
		expect((await deliver(other, event, { secret, signature: 'f'.repeat(64) })).status).toBe(401);
		expect((await deliver(other, event, { secret })).status).toBe(200);
		// A new event through the same processor: once it has run, the repeat (sent before it) would have too.
		const next = emulator.customerEvent('customer.update', ada);
		expect((await deliver(other, next, { secret })).status).toBe(200);
		const all = await executions(2);
		expect(all.map(eventIdOf)).toEqual([event.id, next.id]);
		expect(all.every((e) => e.status === 'success')).toBe(true);
		expect(registrations()).toHaveLength(1);
	});
});
