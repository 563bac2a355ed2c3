/**
 * SpherePay Trigger in each pinned n8n's running server: activation registers the node's
 * Production URL once, signed deliveries start one execution each, forged, unsigned and
 * repeated ones start none, and "KYC finished" answers SpherePay's verdicts. Switching the
 * credential between two SpherePay environments and back, and activations n8n rolls back,
 * register one webhook per environment; n8n's database never holds a signing secret in clear.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';

import type { IDataObject } from 'n8n-workflow';

import { deliver, startEmulator } from '../emulator';
import { finishedExecutions, N8nInstance, versionsUnderTest, type Execution } from './n8n';
import { startSmtpSink } from '../tooling/smtp-sink';
import { until } from '../tooling/until';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { KYC_LINKS_TABLE, OWNER, SPHEREPAY_CREDENTIAL, localCredentials, readExamples } = require('../tooling/examples');

const API_KEY = `sk_test_${randomBytes(16).toString('hex')}`;

/** The trigger alone, on every event: its executions show exactly what it emitted. */
const LISTENER = {
	id: 'e2eTriggerAll001',
	name: 'SpherePay events',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'e2e-trigger',
			name: 'SpherePay Trigger',
			type: 'n8n-nodes-spherepay.spherePayTrigger',
			typeVersion: 1,
			position: [0, 0],
			webhookId: '0b9f6a52-8d1e-4c37-a5f0-6e2d4c8b7a13',
			parameters: { registration: 'automatic', events: ['*'] },
			credentials: { spherePayApi: SPHEREPAY_CREDENTIAL },
		},
	],
	connections: {},
};

/** A credential of its own, switched between the two environments (emulators) by the tests. */
const SWITCHED_CREDENTIAL = { id: 'spherePaySwitch1', name: 'SpherePay (switched)' };

/** The trigger on a credential that is switched between environments. */
const SWITCHER = {
	...LISTENER,
	id: 'e2eTriggerSwitch',
	name: 'SpherePay events, switched environment',
	nodes: [
		{
			...LISTENER.nodes[0],
			id: 'e2e-switch',
			webhookId: '7c2d4e6f-1a3b-4c5d-8e9f-0a1b2c3d4e5f',
			credentials: { spherePayApi: SWITCHED_CREDENTIAL },
		},
	],
};

/**
 * Two triggers: the first registers its webhook, the second (Manual, and the credential has no
 * signing secret) fails to activate, so n8n rolls the activation back.
 */
const HALF_ACTIVATED = {
	id: 'e2eTriggerRollbk',
	name: 'SpherePay events, second trigger fails',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{ ...LISTENER.nodes[0], id: 'e2e-rollback-1', name: 'Registers', webhookId: '3e5f7a9b-2c4d-4e6f-8a0b-1c2d3e4f5a6b' },
		{
			...LISTENER.nodes[0],
			id: 'e2e-rollback-2',
			name: 'Fails',
			position: [0, 200],
			webhookId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
			parameters: { registration: 'manual', events: ['*'] },
		},
	],
	connections: {},
};

describe.each(versionsUnderTest())('SpherePay Trigger in a real n8n %s', (version) => {
	const n8n = new N8nInstance(version);
	let emulator: Awaited<ReturnType<typeof startEmulator>>;
	/** A second SpherePay environment (another account): what the switched credential points at in turn. */
	let otherEnvironment: Awaited<ReturnType<typeof startEmulator>>;
	let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
	let server: string;
	let tableId: string;
	const rest = () => n8n.rest!;
	const productionUrl = (webhookId: string) => `${server}/webhook/${webhookId}/webhook`;
	const registrations = () => emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v1/webhook');
	const webhookFor = (url: string) => [...emulator.webhooks.values()].filter((w) => w.url === url);
	/** The workflow's finished executions, oldest first, once there are `count` of them. */
	const executions = (workflowId: string, count: number) => finishedExecutions(rest(), workflowId, count);
	const emitted = (execution: Execution) =>
		execution.data.resultData.runData['SpherePay Trigger'][0].data!.main[0].map((item) => item.json);

	beforeAll(async () => {
		emulator = await startEmulator({ apiKeys: [API_KEY] });
		otherEnvironment = await startEmulator({ apiKeys: [API_KEY] });
		smtp = await startSmtpSink();
		await n8n.install();
		await n8n.importCredentials([
			...localCredentials({ apiKey: API_KEY, baseUrl: emulator.url, smtpPort: smtp.port }),
			{ ...SWITCHED_CREDENTIAL, type: 'spherePayApi', data: { apiKey: API_KEY, environment: 'custom', baseUrl: emulator.url } },
		]);
		server = (await n8n.startServer(OWNER)).url;
		tableId = await rest().ensureDataTable(KYC_LINKS_TABLE);
		await n8n.importWorkflows([LISTENER, SWITCHER, HALF_ACTIVATED, ...readExamples(tableId)]);
	}, 30 * 60_000);

	afterEach(() => {
		expect(emulator.contractViolations).toEqual([]);
		expect(otherEnvironment.contractViolations).toEqual([]);
		smtp.messages.length = 0;
	});

	afterAll(async () => {
		await n8n.stop();
		await emulator?.close();
		await otherEnvironment?.close();
		await smtp?.close();
		n8n.cleanup();
	});

	test('activating registers the Production URL once, with the chosen events', async () => {
		await rest().activate(LISTENER.id);
		const url = productionUrl(LISTENER.nodes[0].webhookId);
		// n8n 2.41 publishes through an outbox: the webhook is added a moment after the answer.
		await until(async () => registrations().length > 0);
		expect(registrations().map((r) => (r.body as IDataObject).url)).toEqual([url]);
		const [webhook] = webhookFor(url);
		expect(webhook.events).toEqual(['*']);
		expect(registrations()[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
	});

	test('a signed event starts one execution with the customer; forged, unsigned and repeated ones start none', async () => {
		const ada = emulator.seedLinkCustomer({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' });
		emulator.setVerification(ada, 'approved');
		const event = emulator.customerEvent('customer.kyc.successful', ada);
		const url = productionUrl(LISTENER.nodes[0].webhookId);
		const [{ secret }] = webhookFor(url);

		expect((await emulator.publish(event)).map((d) => d.status)).toEqual([200]);
		const [first] = await executions(LISTENER.id, 1);
		expect(first.status).toBe('success');
		expect(emitted(first)).toEqual([
			expect.objectContaining({
				event: 'customer.kyc.successful',
				eventId: event.id,
				customerId: ada,
				verificationStatus: 'approved',
				customer: expect.objectContaining({ id: ada, email: 'ada@example.com' }),
			}),
		]);

		const other = emulator.customerEvent('customer.kyc.rejected', ada);
		expect((await deliver(url, other, { signature: 'f'.repeat(64) })).status).toBe(401);
		expect((await deliver(url, other, { signature: null })).status).toBe(401);
		expect((await deliver(url, other, { secret: 'secret_not_the_webhooks' })).status).toBe(401);
		expect((await emulator.publish(event)).map((d) => d.status)).toEqual([200]);
		// SpherePay's own sample signs JSON.stringify of the parsed body: accepted too.
		const last = emulator.customerEvent('customer.update', ada);
		expect((await deliver(url, last, { secret, format: 'pretty', sign: 'stringified' })).status).toBe(200);
		const all = await executions(LISTENER.id, 2);
		// Only `last` ran after the first: nothing forged, unsigned or repeated did.
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect((await rest().executions(LISTENER.id)).length).toBe(2);
		expect(all.map((e) => emitted(e)[0].eventId)).toEqual([event.id, last.id]);
	});

	test('deactivating and activating again registers nothing new, and deliveries still start it', async () => {
		const url = productionUrl(LISTENER.nodes[0].webhookId);
		const [webhook] = webhookFor(url);
		const checks = () => emulator.requests.filter((r) => r.method === 'GET' && r.path === `/v1/webhook/${webhook.id}`).length;
		const checksBefore = checks();
		await rest().deactivate(LISTENER.id);
		await rest().activate(LISTENER.id);
		// Activation asked SpherePay whether the webhook still exists, and kept it.
		await until(async () => checks() > checksBefore);
		expect(registrations()).toHaveLength(1);
		const ada = emulator.seedLinkCustomer({ email: 'ada2@example.com' });
		const event = emulator.customerEvent('customer.kyc.pending', ada);
		expect((await emulator.publish(event)).map((d) => d.status)).toEqual([200]);
		const all = await executions(LISTENER.id, 3);
		expect(emitted(all.at(-1)!)[0]).toMatchObject({ eventId: event.id, verificationStatus: 'incomplete' });
		await rest().deactivate(LISTENER.id);
	});

	test('example "KYC finished": a welcome for the verified, help for the rejected, and the data table records both', async () => {
		await rest().clearRows(tableId);
		const customer = (email: string) => {
			const id = emulator.seedLinkCustomer({ email });
			return { customerId: id, email, expiresAt: new Date().toISOString(), verificationStatus: 'incomplete' };
		};
		const verified = customer('verified@example.com');
		const rejected = customer('rejected@example.com');
		await rest().insertRows(tableId, [verified, rejected]);
		await rest().activate('spherePayKycDone');
		const url = productionUrl('5e1a7c3d-2b4f-4e8a-9c6d-0f1e2d3c4b5a');
		await until(async () => webhookFor(url).length > 0);
		const [webhook] = webhookFor(url);
		expect(webhook.events).toEqual(['customer.kyc.successful', 'customer.kyc.rejected']);

		emulator.setVerification(verified.customerId, 'approved');
		emulator.setVerification(rejected.customerId, 'rejected');
		const delivered = [
			...(await emulator.publish(emulator.customerEvent('customer.kyc.successful', verified.customerId))),
			...(await emulator.publish(emulator.customerEvent('customer.kyc.rejected', rejected.customerId))),
		];
		// SpherePay also delivers them to the listener's webhook (inactive by now, or soon).
		expect(delivered.filter((d) => d.webhookId === webhook.id).map((d) => d.status)).toEqual([200, 200]);
		const runs = await executions('spherePayKycDone', 2);
		expect(runs.map((r) => r.status)).toEqual(['success', 'success']);
		expect(smtp.messages.map((m) => [m.to, m.subject])).toEqual([
			['verified@example.com', 'Welcome: your identity is verified'],
			['rejected@example.com', 'We could not verify your identity'],
		]);
		for (const message of smtp.messages) expect(message.text).not.toMatch(/n8n/i);
		const rows = (await rest().rows(tableId)) as IDataObject[];
		expect(Object.fromEntries(rows.map((r) => [r.email, r.verificationStatus]))).toEqual({
			'verified@example.com': 'approved',
			'rejected@example.com': 'rejected',
		});
		await rest().deactivate('spherePayKycDone');
	});

	test('switching the credential to another environment and back, twice: one webhook in each, reused; deliveries of the one in use run', async () => {
		const url = productionUrl(SWITCHER.nodes[0].webhookId);
		const postsAt = (env: typeof emulator) =>
			env.requests.filter((r) => r.method === 'POST' && r.path === '/v1/webhook' && (r.body as IDataObject).url === url).length;
		const checksAt = (env: typeof emulator) => env.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/webhook/')).length;
		const pointAt = async (env: typeof emulator) =>
			await rest().call('PATCH', `/rest/credentials/${SWITCHED_CREDENTIAL.id}`, {
				name: SWITCHED_CREDENTIAL.name,
				type: 'spherePayApi',
				data: { apiKey: API_KEY, environment: 'custom', baseUrl: env.url },
			});
		/** Activation against `env`: done once `env` registered (or was asked about) the webhook. */
		const activateAt = async (env: typeof emulator) => {
			const before = postsAt(env) + checksAt(env);
			await rest().activate(SWITCHER.id);
			await until(async () => postsAt(env) + checksAt(env) > before);
		};

		await activateAt(emulator);
		for (const env of [otherEnvironment, emulator, otherEnvironment]) {
			await rest().deactivate(SWITCHER.id);
			await pointAt(env);
			await activateAt(env);
		}
		expect([postsAt(emulator), postsAt(otherEnvironment)]).toEqual([1, 1]);
		expect([webhookFor(url).length, [...otherEnvironment.webhooks.values()].filter((w) => w.url === url).length]).toEqual([1, 1]);

		// The environment in use starts the workflow; the other one's webhook is refused until switching back.
		const before = (await rest().executions(SWITCHER.id)).length;
		const event = { id: `event_${randomBytes(6).toString('hex')}`, name: 'customer.update', data: { customer: { id: 'customer_switch' } }, created: new Date().toISOString() };
		const [fromOther] = await otherEnvironment.publish(event);
		expect(fromOther.status).toBe(200);
		const [fromFirst] = (await emulator.publish(event)).filter((d) => d.webhookId === webhookFor(url)[0].id);
		expect(fromFirst.status).toBe(401);
		const runs = await executions(SWITCHER.id, before + 1);
		expect(emitted(runs.at(-1)!)[0]).toMatchObject({ eventId: event.id, customerId: 'customer_switch' });
		await rest().deactivate(SWITCHER.id);
	});

	test('a workflow whose second trigger fails to activate, activated three times: one webhook registered', async () => {
		const url = productionUrl(HALF_ACTIVATED.nodes[0].webhookId);
		const posts = () => registrations().filter((r) => (r.body as IDataObject).url === url).length;
		const gets = () => emulator.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/webhook/')).length;
		/** n8n 2.41 publishes what activated and retries the rest in the background ("partially published"): no rollback there. */
		const partialPublications = () => (fs.readFileSync(n8n.logFile, 'utf8').match(/some triggers failed to activate/g) ?? []).length;
		for (let attempt = 0; attempt < 3; attempt++) {
			const before = [posts() + gets(), partialPublications()];
			await rest().activate(HALF_ACTIVATED.id).then(
				() => undefined,
				(error: Error) => expect(error.message).toContain('Manual registration needs the webhook’s signing secret'),
			);
			// n8n 2.41 activates after answering: wait until the first trigger asked SpherePay, or n8n published it partially.
			await until(async () => posts() + gets() > before[0] || partialPublications() > before[1], { timeoutMs: 120_000 });
			await rest().deactivate(HALF_ACTIVATED.id).catch(() => undefined);
		}
		expect(posts()).toBe(1);
		expect(webhookFor(url)).toHaveLength(1);
	});

	test('n8n’s database and log hold no webhook signing secret in clear', async () => {
		const secrets = [...emulator.webhooks.values(), ...otherEnvironment.webhooks.values()].map((w) => String(w.secret));
		expect(secrets.length).toBeGreaterThanOrEqual(4);
		const files = n8n.storedFiles();
		expect(files.some((f) => /database\.sqlite$/.test(f))).toBe(true);
		for (const file of files) {
			const content = fs.readFileSync(file).toString('latin1');
			expect({ file, found: secrets.filter((secret) => content.includes(secret)) }).toEqual({ file, found: [] });
		}
		// The registrations are there (in the database or its write-ahead log), sealed.
		expect(files.map((file) => fs.readFileSync(file).toString('latin1')).join('\n')).toContain('spherePayWebhooks');
	});
});
