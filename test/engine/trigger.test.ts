/**
 * SpherePay Trigger, run as n8n runs it: its webhook methods through n8n-core's HookContext
 * (activation, deactivation, listening in the editor) against the emulator's /v1/webhook,
 * and its webhook() through WebhookContext behind an HTTP server at the node's Production
 * URL, fed by signed deliveries as SpherePay makes them.
 */
import { createHmac } from 'node:crypto';

import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { REFUSED_KEY_MESSAGE } from '../../nodes/shared/constants';
import { deliveryKey, REMEMBERED_DELIVERIES } from '../../nodes/SpherePayTrigger/events';
import { buildEvent, deliver } from '../emulator';
import { useEmulator } from './fixtures';
import { TriggerHost } from './trigger-host';

const KYC_OUTCOMES = ['customer.kyc.successful', 'customer.kyc.rejected'];

const automatic = (events: string[] = KYC_OUTCOMES): INodeParameters => ({ registration: 'automatic', events });
const manual = (events: string[] = KYC_OUTCOMES): INodeParameters => ({ registration: 'manual', events });

const hmac = (secret: string, payload: string) => createHmac('sha256', secret).update(payload).digest('hex');

describe('SpherePay Trigger', () => {
	const env = useEmulator();
	let host: TriggerHost;

	const startHost = async (parameters: INodeParameters, credentials?: Record<string, ICredentialDataDecryptedObject>) => {
		host = await TriggerHost.start({ parameters, credentials: credentials ?? { spherePayApi: env.credential } });
		return host;
	};
	afterEach(async () => await host?.close());

	const posts = () => env.emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v1/webhook');
	const gets = () => env.emulator.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/webhook/'));
	/** The node's one registration, as saved. */
	const stored = () => {
		expect(host.registrations).toHaveLength(1);
		return host.registrations[0];
	};
	/** The registration as the emulator holds it. */
	const registered = () => {
		const id = stored().webhookId as string;
		const webhook = env.emulator.webhooks.get(id);
		if (!webhook) throw new Error(`The emulator has no webhook ${id}`);
		return webhook;
	};
	/** A customer whose verification SpherePay approved, and the event that says so. */
	const approvedCustomerEvent = (options: Parameters<typeof buildEvent>[2] = {}) => {
		const customerId = env.emulator.seedLinkCustomer({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' });
		env.emulator.setVerification(customerId, 'approved');
		return env.emulator.customerEvent('customer.kyc.successful', customerId, options);
	};

	describe('Automatic registration', () => {
		test('activation registers the Production URL once, for the selected events, and keeps the webhook’s ID and secret', async () => {
			await startHost(automatic());
			expect(await host.activate()).toEqual({ created: true });

			expect(posts()).toHaveLength(1);
			expect(posts()[0].body).toEqual({
				name: 'n8n: KYC follow-up / SpherePay Trigger',
				description: expect.stringContaining(`workflow ${host.workflowId}`),
				url: host.productionUrl,
				events: KYC_OUTCOMES,
			});
			expect(host.productionUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook\/a1b2c3d4-0000-4000-8000-000000000001\/webhook$/);
			const webhook = registered();
			// By the node's own webhook ID (renaming the node does not change it) and the account: base URL and API key fingerprint.
			expect(stored()).toEqual({
				node: host.webhookId,
				origin: env.emulator.url,
				keyFingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
				webhookId: webhook.id,
				sealedSecret: expect.stringMatching(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/),
				webhookUrl: host.productionUrl,
				webhookEvents: KYC_OUTCOMES,
			});
			expect(webhook.secret).toMatch(/^secret_/);
			expect(host.savedStaticData).not.toContain(webhook.secret);
			expect(host.nodeStaticData).toEqual({});
		});

		test('* is registered as * alone', async () => {
			await startHost(automatic(['customer.create', '*']));
			await host.activate();
			expect(posts()[0].body).toMatchObject({ events: ['*'] });
		});

		test('activating again (n8n restarting, a saved change) finds the webhook: one GET, no new registration', async () => {
			await startHost(automatic());
			await host.activate();
			const saved = host.savedStaticData;
			expect(await host.activate()).toEqual({ created: false });
			expect(posts()).toHaveLength(1);
			expect(gets().map((r) => r.path)).toEqual([`/v1/webhook/${registered().id}`]);
			expect(host.savedStaticData).toBe(saved);
		});

		test('deactivation keeps the registration; activating again reuses it, with no new POST', async () => {
			await startHost(automatic());
			await host.activate();
			const before = stored();

			expect(await host.deactivate()).toBe(true);
			expect(stored()).toEqual(before);
			expect(env.emulator.requests).toHaveLength(1);
			expect(host.logs).toContainEqual({ level: 'info', message: expect.stringContaining(`SpherePay webhook ${before.webhookId} stays registered`) });

			expect(await host.activate()).toEqual({ created: false });
			expect(posts()).toHaveLength(1);
			expect(env.emulator.webhooks.size).toBe(1);
			expect(stored()).toEqual(before);
		});

		test('renaming the node (n8n keeps node static data by name): its webhook is found again by the node’s webhook ID and reused', async () => {
			await startHost(automatic());
			await host.activate();
			const before = stored();
			await host.deactivate();

			host.nodeName = 'On KYC outcome';
			expect(await host.activate()).toEqual({ created: false });
			expect(posts()).toHaveLength(1);
			expect(stored()).toEqual(before);
			const [result] = await env.emulator.publish(approvedCustomerEvent());
			expect(result.status).toBe(200);
			expect(host.executions).toHaveLength(1);
		});

		test('a webhook deleted in the dashboard: checkExists says false, and a new one is registered', async () => {
			await startHost(automatic());
			await host.activate();
			const first = registered().id;
			env.emulator.removeWebhook(first);

			expect(await host.activate()).toEqual({ created: true });
			expect(posts()).toHaveLength(2);
			expect(registered().id).not.toBe(first);
			expect(registered().url).toBe(host.productionUrl);
		});

		test('a webhook that sends elsewhere (the n8n URL changed): false, a new one is registered and the old one named in the log', async () => {
			await startHost(automatic());
			await host.activate();
			const old = env.emulator.updateWebhook(registered().id, { url: 'https://old-n8n.example/webhook/x/webhook' });

			expect(await host.activate()).toEqual({ created: true });
			expect(registered().id).not.toBe(old.id);
			expect(registered().url).toBe(host.productionUrl);
			expect(host.logs).toContainEqual({ level: 'warn', message: expect.stringContaining(`Delete ${old.id}`) });
		});

		test('fewer events than registered need no new webhook; more is an error that says what to do, and nothing is registered', async () => {
			await startHost(automatic(['customer.kyc.successful', 'customer.kyc.rejected']));
			await host.activate();
			const id = registered().id;

			host.parameters = automatic(['customer.kyc.successful']);
			expect(await host.activate()).toEqual({ created: false });

			host.parameters = automatic(['customer.kyc.successful', 'customer.kyc.pending']);
			const error = await host.activate().then(
				() => undefined,
				(e: Error & { description?: string }) => e,
			);
			expect(error?.message).toBe(`SpherePay webhook ${id} does not send customer.kyc.pending`);
			expect(error?.description).toContain('Settings → Webhooks');
			expect(error?.description).toContain(`add the missing events to webhook ${id}, or delete it`);
			expect(posts()).toHaveLength(1);

			// The user adds the event in the dashboard: the same webhook now does.
			env.emulator.updateWebhook(id, { events: ['customer.kyc.successful', 'customer.kyc.rejected', 'customer.kyc.pending'] });
			expect(await host.activate()).toEqual({ created: false });
			expect(stored().webhookEvents).toEqual(['customer.kyc.successful', 'customer.kyc.rejected', 'customer.kyc.pending']);
			expect(posts()).toHaveLength(1);
		});

		test('a signing secret changed in the dashboard is taken over on activation', async () => {
			await startHost(automatic());
			await host.activate();
			const rotated = env.emulator.updateWebhook(registered().id, { secret: 'secret_rotated0123456789' });
			await host.activate();
			expect(host.savedStaticData).not.toContain('secret_rotated0123456789');
			const result = await env.emulator.publish(approvedCustomerEvent());
			expect(result.map((r) => [r.webhookId, r.status])).toEqual([[rotated.id, 200]]);
			expect(host.executions).toHaveLength(1);
		});

		test('the account’s 10 webhooks are taken: an error that names the limit and the way out, and nothing stored', async () => {
			for (let i = 0; i < 10; i++) env.emulator.seedWebhook({ url: `https://other.example/${i}` });
			await startHost(automatic());
			const error = await host.activate().then(
				() => undefined,
				(e: Error & { description?: string; httpCode?: string }) => e,
			);
			expect(error?.message).toBe('SpherePay refused to register another webhook: an account may have at most 10');
			expect(error?.description).toBe(
				'Inactive webhooks count too. Delete unused ones in the SpherePay dashboard (Settings → Webhooks), then activate the workflow again; or choose Registration: Manual with an existing webhook’s signing secret. SpherePay said: Maximum number of webhooks reached (10) (400 Bad Request). Code: webhook/limit-reached.',
			);
			expect(error?.httpCode).toBe('400');
			expect(posts()).toHaveLength(1);
			expect(host.registrations).toEqual([]);
		});

		test.each([
			['an error status', 400],
			['a 2xx that says ok: false', 200],
		])('a v1 error envelope (%s) shows SpherePay’s message and code', async (_name, status) => {
			await startHost(automatic());
			env.emulator.fault({
				method: 'POST',
				path: '/v1/webhook',
				status,
				json: { ok: false, object: 'error', statusCode: 400, error: 'webhook/invalid-url', message: 'The webhook URL must use HTTPS' },
			});
			const error = await host.activate().then(
				() => undefined,
				(e: Error & { description?: string; httpCode?: string; context?: IDataObject }) => e,
			);
			expect(error?.message).toBe('The webhook URL must use HTTPS');
			expect(error?.description).toBe('Code: webhook/invalid-url.');
			expect(error?.httpCode).toBe('400');
			expect(error?.context?.spherePay).toEqual({ httpCode: 400, code: 'webhook/invalid-url' });
			expect(host.registrations).toEqual([]);
		});

		test('checkExists: an error envelope other than "not found" is an error, and the registration is kept', async () => {
			await startHost(automatic());
			await host.activate();
			const before = stored();
			env.emulator.fault({ method: 'GET', path: `/v1/webhook/${before.webhookId}`, status: 400, json: { ok: false, object: 'error', statusCode: 400, error: 'webhook/invalid-id', message: 'Invalid webhook id' } });
			await expect(host.activate()).rejects.toThrow('Invalid webhook id');
			expect(stored()).toEqual(before);
			expect(posts()).toHaveLength(1);
		});

		test('checkExists: a 404 that is not SpherePay’s (a gateway’s page) is an error; nothing is forgotten or registered', async () => {
			await startHost(automatic());
			await host.activate();
			const before = stored();
			env.emulator.fault({ method: 'GET', path: `/v1/webhook/${before.webhookId}`, status: 404, body: '<html>Not Found</html>', contentType: 'text/html' });
			const error = await host.activate().then(
				() => undefined,
				(e: Error & { description?: string }) => e,
			);
			expect(error?.message).toBe(`The base URL answered 404 for SpherePay webhook ${before.webhookId} without saying that the webhook does not exist`);
			expect(error?.description).toContain('The registration was kept.');
			expect(stored()).toEqual(before);
			expect(posts()).toHaveLength(1);
		});

		test('checkExists is retried after a server error (a read)', async () => {
			await startHost(automatic());
			await host.activate();
			env.emulator.fault({ method: 'GET', path: `/v1/webhook/${stored().webhookId}`, status: 503 });
			expect(await host.activate()).toEqual({ created: false });
			expect(gets()).toHaveLength(2);
		});

		test('create is not sent twice after a server error (a second one would take another webhook), and says what to check', async () => {
			await startHost(automatic());
			env.emulator.fault({ method: 'POST', path: '/v1/webhook', status: 502, body: '<html>Bad Gateway</html>', contentType: 'text/html' });
			const error = await host.activate().then(
				() => undefined,
				(e: Error & { description?: string }) => e,
			);
			expect(error?.message).toBe('SpherePay answered 502 Bad Gateway without error details; the webhook may or may not have been registered');
			expect(error?.description).toContain(`look in the SpherePay dashboard (Settings → Webhooks) for a webhook with this node’s Production URL (${host.productionUrl})`);
			expect(posts()).toHaveLength(1);
		});

		test('create: a 200 without the webhook’s ID and secret is an error', async () => {
			await startHost(automatic());
			env.emulator.fault({ method: 'POST', path: '/v1/webhook', status: 200, json: { ok: true, data: { webhook: { name: 'x' } } } });
			await expect(host.activate()).rejects.toThrow('SpherePay answered 200 without the webhook’s ID and signing secret');
			expect(host.registrations).toEqual([]);
		});

		test('a refused API key says so', async () => {
			await startHost(automatic(), { spherePayApi: { ...env.credential, apiKey: 'sk_test_wrong' } });
			await expect(host.activate()).rejects.toThrow(REFUSED_KEY_MESSAGE);
		});

		test('a redirect is not followed: the API key goes to the base URL only', async () => {
			await startHost(automatic());
			env.emulator.fault({ method: 'POST', path: '/v1/webhook', status: 307, headers: { location: 'https://elsewhere.example/v1/webhook' } });
			await expect(host.activate()).rejects.toThrow('The base URL answered 307 Temporary Redirect; redirects are not followed');
			expect(posts()).toHaveLength(1);
		});

		test('listening in the editor registers nothing and sends no request, without an error (the trigger panel says where events go)', async () => {
			await startHost(automatic());
			await expect(host.listenForTest()).resolves.toBeUndefined();
			expect(env.emulator.requests).toHaveLength(0);
			expect(env.emulator.webhooks.size).toBe(0);
		});
	});

	describe('deliveries', () => {
		/** A host whose node registered itself; returns the webhook's secret. */
		const activated = async (events: string[] = KYC_OUTCOMES) => {
			await startHost(automatic(events));
			await host.activate();
			return registered().secret as string;
		};

		test('SpherePay’s delivery to the registered webhook starts one run: event, ID, time, customer, verificationStatus', async () => {
			await activated();
			const event = approvedCustomerEvent();
			const [result] = await env.emulator.publish(event);
			expect([result.status, JSON.parse(result.body)]).toEqual([200, { message: 'Workflow was started' }]);
			expect(host.executions).toHaveLength(1);
			const customer = (event.data as { customer: IDataObject }).customer;
			expect(host.executions[0]).toEqual([
				[
					{
						json: {
							event: 'customer.kyc.successful',
							eventId: event.id,
							occurredAt: event.created,
							customerId: customer.id,
							verificationStatus: 'approved',
							customer,
							payload: event,
						},
					},
				],
			]);
		});

		test.each([
			['the raw body', 'raw'],
			['JSON.stringify of the parsed body (SpherePay’s sample)', 'stringified'],
		] as const)('a signature over %s is accepted', async (_name, sign) => {
			const secret = await activated();
			const event = approvedCustomerEvent();
			// Indented, so that the raw bytes and JSON.stringify(parsed) differ.
			const { status, rawBody } = await deliver(host.productionUrl, event, { secret, sign, format: 'pretty' });
			expect(rawBody).not.toBe(JSON.stringify(event));
			expect(status).toBe(200);
			expect(host.executions).toHaveLength(1);
		});

		test('an upper-case hex signature with spaces around it is the same signature', async () => {
			const secret = await activated();
			const event = approvedCustomerEvent();
			const body = JSON.stringify(event);
			const { status } = await deliver(host.productionUrl, event, { signature: ` ${hmac(secret, body).toUpperCase()} `, rawBody: body });
			expect(status).toBe(200);
			expect(host.executions).toHaveLength(1);
		});

		test.each([
			['the reference shape, customer at data.customer', { shape: 'reference' }],
			['the guide shape ({id, type, createdAt, data})', { shape: 'guide' }],
			['the customer at data itself', { shape: 'reference', at: 'data' }],
			['the guide shape with the customer at data itself', { shape: 'guide', at: 'data' }],
		] as const)('%s: the same item fields', async (_name, options) => {
			await activated();
			const created = new Date(Date.now() - 60_000).toISOString();
			const event = approvedCustomerEvent({ ...options, created });
			await env.emulator.publish(event);
			const [[[item]]] = host.executions;
			expect(item.json).toMatchObject({
				event: 'customer.kyc.successful',
				eventId: event.id,
				occurredAt: created,
				customerId: expect.stringMatching(/^customer_/),
				verificationStatus: 'approved',
				customer: expect.objectContaining({ firstName: 'Ada', email: 'ada@example.com' }),
				payload: event,
			});
		});

		test.each([
			['customer.kyc.rejected', 'rejected'],
			['customer.kyc.pending', 'pending'],
			['customer.kyc.successful', 'approved'],
			['customer.kyc.additionalReviewRequired', null],
			['customer.update', null],
		])('without verification profiles in the payload, %s gives verificationStatus %j', async (name, status) => {
			const secret = await activated(['*']);
			await deliver(host.productionUrl, buildEvent(name, { id: 'customer_1', type: 'individual' }), { secret });
			expect(host.executions[0][0][0].json).toMatchObject({ event: name, customerId: 'customer_1', verificationStatus: status });
		});

		test('with profiles, verificationStatus is the customer’s, as Get Customer gives it (any approved profile is approved)', async () => {
			const secret = await activated(['*']);
			const customerId = env.emulator.seedLinkCustomer({
				profiles: [
					{ name: 'kyc_profile_a', status: 'approved' },
					{ name: 'kyc_profile_b', status: 'rejected' },
				],
			});
			await deliver(host.productionUrl, env.emulator.customerEvent('customer.kyc.rejected', customerId), { secret });
			expect(host.executions[0][0][0].json).toMatchObject({ event: 'customer.kyc.rejected', verificationStatus: 'approved' });
		});

		test('with *, an event that is not about a customer runs with customer null', async () => {
			const secret = await activated(['*']);
			const created = new Date(Date.now() - 60_000).toISOString();
			const event = { id: 'event_w1', name: 'wallet.create', data: { wallet: { id: 'wallet_1' } }, created };
			await deliver(host.productionUrl, event, { secret });
			expect(host.executions[0][0][0].json).toEqual({
				event: 'wallet.create',
				eventId: 'event_w1',
				occurredAt: created,
				customerId: null,
				verificationStatus: null,
				customer: null,
				payload: event,
			});
		});

		test.each([
			['no signature header', () => ({ signature: null })],
			['a forged signature (another secret)', () => ({ secret: 'secret_not_the_one' })],
			['a signature of another body', (secret: string) => ({ signature: hmac(secret, '{"id":"event_other"}') })],
			['a signature of the wrong length', (secret: string) => ({ signature: hmac(secret, 'x').slice(0, 40) })],
			['a signature that is not hex', () => ({ signature: 'z'.repeat(64) })],
			['an empty signature', () => ({ signature: '' })],
		])('%s: 401, and nothing runs or is remembered', async (_name, options) => {
			const secret = await activated();
			const saved = host.savedStaticData;
			const { status, body } = await deliver(host.productionUrl, approvedCustomerEvent(), options(secret));
			expect([status, body]).toEqual([401, 'Unauthorized']);
			expect(host.executions).toHaveLength(0);
			expect(host.savedStaticData).toBe(saved);
			expect(host.logs).toContainEqual({ level: 'warn', message: expect.stringMatching(/^SpherePay Trigger refused a delivery: (no signature header|the signature does not match)$/) });
		});

		test('no stored secret (the workflow was never activated, or its static data was lost): 401, nothing runs', async () => {
			await startHost(automatic());
			const { status } = await deliver(host.productionUrl, approvedCustomerEvent(), { secret: 'secret_anything' });
			expect(status).toBe(401);
			expect(host.executions).toHaveLength(0);
			expect(host.logs).toContainEqual({ level: 'warn', message: expect.stringContaining('no signing secret is stored') });
		});

		test('a signed body that is not an event object: 400, nothing runs', async () => {
			const secret = await activated();
			const { status } = await deliver(host.productionUrl, [1, 2], { secret });
			expect(status).toBe(400);
			expect(host.executions).toHaveLength(0);
		});

		test('an event that is not selected: 200, nothing runs, its ID is not remembered', async () => {
			const secret = await activated(['customer.kyc.successful']);
			const customerId = env.emulator.seedLinkCustomer({});
			const event = env.emulator.customerEvent('customer.create', customerId);
			const { status, body } = await deliver(host.productionUrl, event, { secret });
			expect([status, JSON.parse(body)]).toEqual([200, { message: 'Webhook call received' }]);
			expect(host.executions).toHaveLength(0);
			expect(host.nodeStaticData.seenDeliveries).toBeUndefined();
		});

		test('the same event again (at-least-once delivery): 200, no second run; another event runs', async () => {
			const secret = await activated();
			const event = approvedCustomerEvent();
			expect((await deliver(host.productionUrl, event, { secret })).status).toBe(200);
			expect((await deliver(host.productionUrl, event, { secret, format: 'pretty' })).status).toBe(200);
			expect(host.executions).toHaveLength(1);
			expect(host.nodeStaticData.seenDeliveries).toEqual([[deliveryKey(event, ''), Math.floor(Date.parse(event.created as string) / 1000)]]);

			await deliver(host.productionUrl, { ...event, id: 'event_another' }, { secret });
			expect(host.executions).toHaveLength(2);
		});

		test('the same event again when n8n serves the webhook from a cached workflow (n8n 2.41): still one run', async () => {
			const secret = await activated();
			const cached = structuredClone(host.nodeStaticData);
			const event = approvedCustomerEvent();
			await deliver(host.productionUrl, event, { secret });
			// n8n 2.41 reads production webhooks' static data from its published-workflow cache,
			// which still holds the static data from before the first delivery.
			host.nodeStaticData = cached;
			expect((await deliver(host.productionUrl, event, { secret })).status).toBe(200);
			expect(host.executions).toHaveLength(1);
		});

		test('event IDs survive deactivation and activation (static data as n8n saves it)', async () => {
			const secret = await activated();
			const event = approvedCustomerEvent();
			await deliver(host.productionUrl, event, { secret });
			await host.deactivate();
			await host.activate();
			await deliver(host.productionUrl, event, { secret });
			expect(host.executions).toHaveLength(1);
		});

		test('event IDs the previous release remembered still count as seen', async () => {
			const secret = await activated();
			host.nodeStaticData = { ...host.nodeStaticData, recentEventIds: ['event_0', 'event_1'] };
			const event = approvedCustomerEvent({ id: 'event_1' });
			await deliver(host.productionUrl, event, { secret });
			expect(host.executions).toHaveLength(0);
			await deliver(host.productionUrl, { ...event, id: 'event_new' }, { secret });
			expect(host.executions).toHaveLength(1);
			expect(host.nodeStaticData.recentEventIds).toBeUndefined();
			await deliver(host.productionUrl, { ...event, id: 'event_0' }, { secret });
			expect(host.executions).toHaveLength(1);
		});

		test(`at most ${REMEMBERED_DELIVERIES.toLocaleString('en-US')} deliveries are remembered: the oldest go first, and events signed no later than them start nothing`, async () => {
			const secret = await activated();
			// Event times in seconds, as remembered: one a second over the last hours.
			const now = Math.floor(Date.now() / 1000);
			const times = Array.from({ length: REMEMBERED_DELIVERIES }, (_, i) => now - REMEMBERED_DELIVERIES - 60 + i);
			const seen = times.map((at, i) => [deliveryKey({ id: `event_${i}` }, ''), at]);
			host.nodeStaticData = { ...host.nodeStaticData, seenDeliveries: seen };
			const oldest = approvedCustomerEvent({ id: 'event_0', created: new Date(times[0] * 1000).toISOString() });
			await deliver(host.productionUrl, oldest, { secret });
			expect(host.executions).toHaveLength(0);

			await deliver(host.productionUrl, approvedCustomerEvent({ id: 'event_new' }), { secret });
			expect(host.executions).toHaveLength(1);
			const remembered = host.nodeStaticData.seenDeliveries as Array<[string, number]>;
			expect(remembered).toHaveLength(REMEMBERED_DELIVERIES);
			expect(remembered.map(([key]) => key)).not.toContain(seen[0][0]);
			expect(host.nodeStaticData.seenFloor).toBe(times[0]);

			// Forgotten, but signed no later than what was forgotten: acknowledged, nothing runs.
			expect((await deliver(host.productionUrl, oldest, { secret })).status).toBe(200);
			expect(host.executions).toHaveLength(1);
			expect(host.logs).toContainEqual({ level: 'info', message: expect.stringContaining('no newer than events this trigger no longer remembers') });
			// Newer than that: a new event runs.
			await deliver(host.productionUrl, approvedCustomerEvent({ id: 'event_newer' }), { secret });
			expect(host.executions).toHaveLength(2);
		});
	});

	describe('Manual registration', () => {
		const startManual = async (secret: string, events?: string[]) =>
			await startHost(manual(events), { spherePayApi: { ...env.credential, webhookSecret: secret } });

		test('nothing is registered: activation, deactivation and listening in the editor send no request', async () => {
			await startManual('secret_dashboard');
			expect(await host.activate()).toEqual({ created: false });
			await host.deactivate();
			await host.listenForTest();
			expect(env.emulator.requests).toHaveLength(0);
			expect(host.registrations).toEqual([]);
		});

		test('deliveries of a webhook added in the dashboard are verified with the credential’s secret', async () => {
			const webhook = env.emulator.seedWebhook({ url: '', events: KYC_OUTCOMES, secret: 'secret_from_dashboard_42' });
			await startManual(' secret_from_dashboard_42\n');
			env.emulator.updateWebhook(webhook.id, { url: host.productionUrl });

			const [result] = await env.emulator.publish(approvedCustomerEvent());
			expect(result.status).toBe(200);
			expect(host.executions).toHaveLength(1);
			expect(host.executions[0][0][0].json).toMatchObject({ event: 'customer.kyc.successful', verificationStatus: 'approved' });

			const forged = await deliver(host.productionUrl, approvedCustomerEvent(), { secret: 'secret_of_someone_else' });
			expect(forged.status).toBe(401);
			expect(host.executions).toHaveLength(1);
			expect(env.emulator.requests).toHaveLength(0);
		});

		test('without the signing secret in the credential, activation fails and says where to put it', async () => {
			await startManual(' \n');
			await expect(host.activate()).rejects.toThrow('Manual registration needs the webhook’s signing secret');
			expect(env.emulator.requests).toHaveLength(0);
		});

		test('a secret left in static data by an earlier Automatic registration is not used', async () => {
			await startManual('secret_manual');
			host.nodeStaticData = { webhookId: 'webhook_old', webhookSecret: 'secret_automatic', webhookUrl: host.productionUrl, webhookEvents: ['*'] };
			expect((await deliver(host.productionUrl, approvedCustomerEvent(), { secret: 'secret_automatic' })).status).toBe(401);
			expect((await deliver(host.productionUrl, approvedCustomerEvent(), { secret: 'secret_manual' })).status).toBe(200);
			expect(host.executions).toHaveLength(1);
		});
	});
});
