/**
 * SpherePay Trigger left running: registrations that survive switching the credential between
 * SpherePay environments and n8n rolling an activation back, deliveries that cannot be
 * replayed, a signing secret that static data alone does not reveal, and event names that are
 * only data.
 */
import { randomBytes } from 'node:crypto';

import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { buildEvent, deliver, startEmulator } from '../emulator';
import type { Emulator } from './fixtures';
import { TriggerHost } from './trigger-host';

const KEY = `sk_test_${randomBytes(16).toString('hex')}`;
const ROTATED_KEY = `sk_test_${randomBytes(16).toString('hex')}`;
const KYC_OUTCOMES = ['customer.kyc.successful', 'customer.kyc.rejected'];
const HOUR = 3_600_000;

const automatic = (events: string[] = KYC_OUTCOMES, options?: INodeParameters): INodeParameters => ({
	registration: 'automatic',
	events,
	...(options ? { options } : {}),
});

describe('SpherePay Trigger, left running', () => {
	/** Two SpherePay environments (sandbox and production, say): separate accounts, same key accepted by both. */
	let sandbox: Emulator;
	let production: Emulator;
	let host: TriggerHost;

	beforeAll(async () => {
		sandbox = await startEmulator({ apiKeys: [KEY, ROTATED_KEY] });
		production = await startEmulator({ apiKeys: [KEY, ROTATED_KEY] });
	});
	afterEach(async () => {
		await host?.close();
		for (const emulator of [sandbox, production]) {
			expect(emulator.contractViolations).toEqual([]);
			emulator.reset();
		}
	});
	afterAll(async () => {
		await sandbox.close();
		await production.close();
	});

	const credentialFor = (emulator: Emulator, apiKey = KEY): ICredentialDataDecryptedObject => ({
		apiKey,
		environment: 'custom',
		baseUrl: emulator.url,
	});
	const startHost = async (parameters: INodeParameters = automatic(), emulator: Emulator = sandbox) => {
		host = await TriggerHost.start({ parameters, credentials: { spherePayApi: credentialFor(emulator) } });
		return host;
	};
	const useEnvironment = (emulator: Emulator, apiKey = KEY) => {
		host.credentials = { spherePayApi: credentialFor(emulator, apiKey) };
	};
	const posts = (emulator: Emulator) => emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v1/webhook');
	const webhookOf = (emulator: Emulator) => {
		const found = [...emulator.webhooks.values()].filter((w) => w.url === host.productionUrl);
		expect(found).toHaveLength(1);
		return found[0];
	};
	const approvedEvent = (emulator: Emulator, options: Parameters<typeof buildEvent>[2] = {}) => {
		const customerId = emulator.seedLinkCustomer({ email: 'ada@example.com', firstName: 'Ada' });
		emulator.setVerification(customerId, 'approved');
		return emulator.customerEvent('customer.kyc.successful', customerId, options);
	};

	describe('registrations', () => {
		test('switching the environment and back, twice: one webhook per environment, each reused', async () => {
			await startHost();
			await host.activate();
			useEnvironment(production);
			await host.activate();
			useEnvironment(sandbox);
			expect(await host.activate()).toEqual({ created: false });
			useEnvironment(production);
			expect(await host.activate()).toEqual({ created: false });

			expect([posts(sandbox).length, posts(production).length]).toEqual([1, 1]);
			expect([sandbox.webhooks.size, production.webhooks.size]).toEqual([1, 1]);
			// Deliveries of the environment the credential points at start the workflow.
			const [result] = await production.publish(approvedEvent(production));
			expect(result.status).toBe(200);
			expect(host.executions).toHaveLength(1);
		});

		test('the switch says what stays registered in the other environment and how to remove it; nothing says "deleted"', async () => {
			await startHost();
			await host.activate();
			const left = webhookOf(sandbox);
			useEnvironment(production);
			await host.activate();
			const messages = host.logs.map((entry) => entry.message);
			expect(messages.filter((m) => /deleted in the dashboard/.test(m))).toEqual([]);
			expect(messages).toContainEqual(
				expect.stringContaining(`SpherePay webhook ${left.id} stays registered at ${sandbox.url} (SpherePay’s API cannot delete it)`),
			);
			expect(messages).toContainEqual(expect.stringContaining('delete it in that environment’s dashboard (Settings → Webhooks)'));
		});

		test('a webhook deleted in the dashboard of the environment in use is registered again there, and only there', async () => {
			await startHost();
			await host.activate();
			useEnvironment(production);
			await host.activate();
			production.removeWebhook(webhookOf(production).id);
			await host.activate();
			expect(host.logs.map((entry) => entry.message)).toContainEqual(
				expect.stringMatching(new RegExp(`^SpherePay at ${production.url.replace(/[.]/g, '\\.')} has no webhook webhook_\\w+ any more`)),
			);
			useEnvironment(sandbox);
			expect(await host.activate()).toEqual({ created: false });
			expect([posts(sandbox).length, posts(production).length]).toEqual([1, 2]);
		});

		test('an activation n8n rolls back (another node failed), three times: the webhook it registered is reused', async () => {
			await startHost();
			for (let attempt = 0; attempt < 3; attempt++) await host.activate({ rolledBack: true });
			expect(host.savedStaticData).toBe('{}');
			expect(await host.activate()).toEqual({ created: false });
			expect(posts(sandbox)).toHaveLength(1);
			expect(sandbox.webhooks.size).toBe(1);
			const [result] = await sandbox.publish(approvedEvent(sandbox));
			expect(result.status).toBe(200);
			expect(host.executions).toHaveLength(1);
		});
	});

	describe('the signing secret at rest', () => {
		test('static data does not hold the secret in clear; deliveries are verified with it', async () => {
			await startHost();
			await host.activate();
			const { secret } = webhookOf(sandbox);
			expect(host.savedStaticData).not.toContain(secret);
			expect(host.savedStaticData).not.toContain(KEY);
			const [result] = await sandbox.publish(approvedEvent(sandbox));
			expect(result.status).toBe(200);
			expect(host.executions).toHaveLength(1);
		});

		test('a rotated API key: the secret is read again from SpherePay on activation, with no new webhook', async () => {
			await startHost();
			await host.activate();
			useEnvironment(sandbox, ROTATED_KEY);
			// Before activation, the stored secret cannot be opened with the new key: refused.
			expect((await sandbox.publish(approvedEvent(sandbox)))[0].status).toBe(401);
			expect(await host.activate()).toEqual({ created: false });
			expect(posts(sandbox)).toHaveLength(1);
			expect((await sandbox.publish(approvedEvent(sandbox)))[0].status).toBe(200);
			expect(host.executions).toHaveLength(1);
		});

		test('a rotated API key when SpherePay does not show the secret: activation fails and says what to do', async () => {
			await startHost();
			await host.activate();
			const { id } = webhookOf(sandbox);
			useEnvironment(sandbox, ROTATED_KEY);
			sandbox.fault({ method: 'GET', path: `/v1/webhook/${id}`, status: 200, json: { ok: true, object: 'webhook', statusCode: 200, message: 'Webhook retrieved', data: { webhook: { ...webhookOf(sandbox), secret: undefined } } } });
			const error = await host.activate().then(
				() => undefined,
				(e: Error & { description?: string }) => e,
			);
			expect(error?.message).toBe(`The signing secret of SpherePay webhook ${id} cannot be read with this API key`);
			expect(error?.description).toContain('put the API key it was registered with back into the credential');
			expect(posts(sandbox)).toHaveLength(1);
		});

		test('a registration stored in plain text by the previous release still works, and is encrypted on the next activation', async () => {
			await startHost();
			const webhook = sandbox.seedWebhook({ url: host.productionUrl, events: KYC_OUTCOMES });
			host.nodeStaticData = { webhookId: webhook.id, webhookSecret: webhook.secret, webhookUrl: host.productionUrl, webhookEvents: KYC_OUTCOMES };
			host.savedStaticData = JSON.stringify({ ...JSON.parse(host.savedStaticData), global: { spherePayWebhookIds: { [host.webhookId]: webhook.id } } });
			expect((await sandbox.publish(approvedEvent(sandbox)))[0].status).toBe(200);

			expect(await host.activate()).toEqual({ created: false });
			expect(posts(sandbox)).toHaveLength(0);
			expect(host.savedStaticData).not.toContain(webhook.secret);
			expect((await sandbox.publish(approvedEvent(sandbox)))[0].status).toBe(200);
			expect(host.executions).toHaveLength(2);
		});

		test('static data copied next to another API key cannot sign a delivery that is accepted', async () => {
			await startHost();
			await host.activate();
			const stolen = host.savedStaticData;
			// Whoever read the workflow knows its static data, not the API key: every secret they could derive fails.
			for (const guess of Object.values(JSON.parse(stolen)).flatMap((value) => JSON.stringify(value).match(/[\w.-]{20,}/g) ?? [])) {
				expect((await deliver(host.productionUrl, approvedEvent(sandbox), { secret: guess })).status).toBe(401);
			}
			expect(host.executions).toHaveLength(0);
		});
	});

	describe('replays', () => {
		const activated = async (events: string[] = ["*"], options?: INodeParameters) => {
			await startHost(automatic(events, options));
			await host.activate();
			return webhookOf(sandbox).secret as string;
		};

		test('a delivery repeated after 1,000 newer events starts nothing', async () => {
			const secret = await activated();
			const first = approvedEvent(sandbox);
			await deliver(host.productionUrl, first, { secret });
			for (let i = 0; i < 1000; i++) await deliver(host.productionUrl, buildEvent('customer.update', { id: `customer_${i}` }), { secret });
			expect(host.executions).toHaveLength(1001);
			expect((await deliver(host.productionUrl, first, { secret })).status).toBe(200);
			expect(host.executions).toHaveLength(1001);
			// 1,002 deliveries one after another: far beyond the default on a loaded machine.
		}, 180_000);

		test('an event without an id runs once, however often it is delivered', async () => {
			const secret = await activated();
			const event = { name: 'customer.update', data: { customer: { id: 'customer_1' } }, created: new Date().toISOString() };
			for (let i = 0; i < 3; i++) expect((await deliver(host.productionUrl, event, { secret })).status).toBe(200);
			expect(host.executions).toHaveLength(1);
			// Re-indented bytes whose re-serialisation is signed are the same event.
			expect((await deliver(host.productionUrl, event, { secret, format: 'pretty', sign: 'stringified' })).status).toBe(200);
			expect(host.executions).toHaveLength(1);
		});

		test.each([
			['with an id', (event: IDataObject) => event],
			['without an id', ({ id: _id, ...event }: IDataObject) => event],
		])('a genuine delivery (%s) re-sent as a form: refused (415), nothing runs', async (_name, shape) => {
			const secret = await activated();
			const event = shape(approvedEvent(sandbox));
			const genuine = await deliver(host.productionUrl, event, { secret });
			expect(genuine.status).toBe(200);
			for (const contentType of ['application/x-www-form-urlencoded', 'text/plain']) {
				const resent = await deliver(host.productionUrl, event, { signature: genuine.signature, rawBody: genuine.rawBody, contentType });
				expect([resent.status, resent.body]).toEqual([415, 'Unsupported Media Type: SpherePay sends JSON']);
			}
			expect(host.executions).toHaveLength(1);
			expect(host.executions[0][0][0].json).toMatchObject({ event: 'customer.kyc.successful', customerId: expect.stringMatching(/^customer_/) });
		});

		test.each([
			['created', { created: new Date(Date.now() - 73 * HOUR).toISOString() }],
			['createdAt (guide shape)', { shape: 'guide' as const, created: new Date(Date.now() - 73 * HOUR).toISOString() }],
		])('an event whose signed %s is older than 72 hours is acknowledged and starts nothing', async (_name, options) => {
			const secret = await activated();
			const { status, body } = await deliver(host.productionUrl, approvedEvent(sandbox, options), { secret });
			expect([status, JSON.parse(body)]).toEqual([200, { message: 'Webhook call received' }]);
			expect(host.executions).toHaveLength(0);
			expect(host.logs).toContainEqual({ level: 'info', message: expect.stringContaining('older than the Maximum Event Age (72 hours)') });
		});

		test('the Maximum Event Age option lets an older event run; a recent one runs by default', async () => {
			const secret = await activated(['*'], { maxEventAgeHours: 100 });
			await deliver(host.productionUrl, approvedEvent(sandbox, { created: new Date(Date.now() - 73 * HOUR).toISOString() }), { secret });
			await deliver(host.productionUrl, approvedEvent(sandbox, { created: new Date(Date.now() - 101 * HOUR).toISOString() }), { secret });
			await deliver(host.productionUrl, approvedEvent(sandbox), { secret });
			expect(host.executions).toHaveLength(2);
		});
	});

	describe('event names are data', () => {
		test.each(['toString', '__proto__', 'constructor', 'hasOwnProperty'])('an event named %s runs with verificationStatus null', async (name) => {
			await startHost(automatic(['*']));
			await host.activate();
			const { secret } = webhookOf(sandbox);
			const event = { id: `event_${name}`, name, data: { customer: { id: 'customer_1' } }, created: new Date().toISOString() };
			expect((await deliver(host.productionUrl, event, { secret })).status).toBe(200);
			expect(host.executions).toHaveLength(1);
			expect(host.executions[0][0][0].json).toMatchObject({ event: name, customerId: 'customer_1', verificationStatus: null });
		});
	});
});
