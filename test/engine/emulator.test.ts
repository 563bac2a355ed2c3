/**
 * The emulator reads customers as API-NOTES.md describes: GET /v2/customer/{id} with the
 * verification profiles and no link, and GET /v2/customer with filters and pages that never
 * hold more than its maximum page size. It issues Terms of Service links (legacy 404 body for an
 * unknown customer). It registers webhooks (POST/GET /v1/webhook, v1
 * envelopes, at most 10) and sends signed events to them. Every answer is checked against
 * the contract (fixtures).
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { v1ErrorProblems } from '../emulator';
import { API_KEY, useEmulator } from './fixtures';

describe('the emulator reads customers', () => {
	const env = useEmulator({ maxPageSize: 3 });
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's JSON, checked against the contract
	type Json = any;
	const read = async (path: string): Promise<{ status: number; body: Json }> => {
		const response = await fetch(`${env.emulator.url}${path}`, { headers: { authorization: `Bearer ${API_KEY}` } });
		return { status: response.status, body: await response.json() };
	};

	test('a created customer reads back without its link; its status follows setVerification', async () => {
		const created = await fetch(`${env.emulator.url}/v2/customer/kyc-link`, {
			method: 'POST',
			headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
			body: JSON.stringify({ type: 'individual', email: 'ada@example.com', phone: '+14155550123', address: { line1: '1 Main St', city: 'Chicago', state: 'IL', postalCode: '60606', country: 'USA' } }),
		}).then(async (response): Promise<Json> => await response.json());
		const { status, body } = await read(`/v2/customer/${created.customerId}`);
		expect(status).toBe(200);
		expect(body).toMatchObject({ id: created.customerId, type: 'individual', email: 'ada@example.com' });
		expect(body.verificationProfiles).toEqual([{ name: 'kyc_profile_a', status: 'incomplete', criteria: expect.any(Object) }]);
		expect(JSON.stringify(body)).not.toContain(created.url);
		env.emulator.setVerification(created.customerId, 'pending');
		expect((await read(`/v2/customer/${created.customerId}`)).body.verificationProfiles[0].status).toBe('pending');
	});

	test('an unknown ID is a 404 ProblemDetails', async () => {
		expect(await read('/v2/customer/customer_missing')).toMatchObject({ status: 404, body: { code: 'resource/not-found' } });
	});

	test('lists newest first, filters, and pages of at most the maximum page size whatever the limit', async () => {
		const ids = ['incomplete', 'pending', 'approved', 'rejected', 'approved'].map((status, i) => {
			const id = env.emulator.seedLinkCustomer({ email: `c${i}@example.com`, firstName: i === 1 ? 'Grace' : 'Ada', type: i === 4 ? 'business' : 'individual' });
			env.emulator.setVerification(id, status as 'approved');
			return id;
		});
		const first = await read('/v2/customer?page=1&limit=50');
		expect(first.body.customers.map((c: { id: string }) => c.id)).toEqual([ids[4], ids[3], ids[2]]);
		expect(first.body.pagination).toEqual({ page: 1, limit: 3, total: 5, totalPages: 2, hasNext: true, hasPrevious: false });
		const second = await read('/v2/customer?page=2&limit=50');
		expect(second.body.customers.map((c: { id: string }) => c.id)).toEqual([ids[1], ids[0]]);
		expect(second.body.pagination.hasNext).toBe(false);
		const emails = async (query: string) => (await read(`/v2/customer?${query}`)).body.customers.map((c: { email: string }) => c.email);
		expect(await emails('status=approved')).toEqual(['c4@example.com', 'c2@example.com']);
		expect(await emails('search=grace')).toEqual(['c1@example.com']);
		expect(await emails('email=c3@example.com')).toEqual(['c3@example.com']);
		expect(await emails('type=business')).toEqual(['c4@example.com']);
	});

	test('a customer may have several profiles, or none', async () => {
		const several = env.emulator.seedLinkCustomer({ profiles: [{ name: 'kyc_profile_a', status: 'approved' }, { name: 'kyc_profile_b', status: 'pending' }] });
		const none = env.emulator.seedLinkCustomer({ profiles: [] });
		expect((await read(`/v2/customer/${several}`)).body.verificationProfiles.map((p: { status: string }) => p.status)).toEqual(['approved', 'pending']);
		expect((await read(`/v2/customer/${none}`)).body.verificationProfiles).toEqual([]);
	});
});

describe('the emulator registers webhooks and sends events', () => {
	const env = useEmulator({ maxWebhooks: 2 });
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's JSON, checked against the contract
	type Json = any;
	const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> => {
		const response = await fetch(`${env.emulator.url}${path}`, {
			method,
			headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		return { status: response.status, body: await response.json() };
	};

	test('POST /v1/webhook answers the v1 envelope with the webhook and its secret; GET reads it back; an unknown ID is the v1 404', async () => {
		const created = await call('POST', '/v1/webhook', { name: 'n8n', url: 'https://n8n.example/webhook/x/webhook', events: ['customer.kyc.successful'] });
		expect(created).toEqual({
			status: 200,
			body: {
				ok: true,
				object: 'webhook',
				statusCode: 200,
				message: 'Webhook created',
				data: {
					webhook: expect.objectContaining({
						id: expect.stringMatching(/^webhook_/),
						secret: expect.stringMatching(/^secret_/),
						url: 'https://n8n.example/webhook/x/webhook',
						events: ['customer.kyc.successful'],
						active: true,
					}),
				},
				ts: expect.any(String),
				request: expect.any(String),
			},
		});
		const { id } = created.body.data.webhook;
		expect((await call('GET', `/v1/webhook/${id}`)).body.data.webhook).toEqual(created.body.data.webhook);
		expect(await call('GET', '/v1/webhook/webhook_unknown')).toEqual({
			status: 404,
			body: { ok: false, object: 'error', statusCode: 404, error: 'webhook/not-found', message: 'Webhook not found' },
		});
	});

	test('an invalid body is refused in the v1 envelope: fields unknown to the contract, a URL that is no URL, no events', async () => {
		const refused = await call('POST', '/v1/webhook', { name: 'n8n', url: 'no url', events: [], secret: 'mine' });
		expect(refused.status).toBe(400);
		expect(refused.body).toMatchObject({ ok: false, object: 'error', statusCode: 400, error: 'validation/failed' });
		expect(refused.body.message).toContain('/secret property is not allowed');
		expect(refused.body.message).toContain('/url must match format');
		expect(refused.body.message).toContain('/events must NOT have fewer than 1 items');
		expect(env.emulator.webhooks.size).toBe(0);
	});

	test('the account’s limit counts webhooks made in the dashboard too', async () => {
		env.emulator.seedWebhook({ active: false });
		expect((await call('POST', '/v1/webhook', { name: 'a', url: 'https://a.example/', events: ['*'] })).status).toBe(200);
		expect(await call('POST', '/v1/webhook', { name: 'b', url: 'https://b.example/', events: ['*'] })).toEqual({
			status: 400,
			body: { ok: false, object: 'error', statusCode: 400, error: 'webhook/limit-reached', message: 'Maximum number of webhooks reached (2)' },
		});
	});

	test('publish sends an event, signed with each webhook’s secret, to the active webhooks that want it', async () => {
		const received: Array<{ url: string; signature: unknown; body: string }> = [];
		const server = http.createServer((req, res) => {
			let body = '';
			req.on('data', (chunk) => (body += chunk));
			req.on('end', () => {
				received.push({ url: String(req.url), signature: req.headers.signature, body });
				res.end('ok');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		try {
			const wants = env.emulator.seedWebhook({ url: `${base}/a`, events: ['customer.kyc.successful'] });
			env.emulator.seedWebhook({ url: `${base}/b`, events: ['customer.create'] });
			env.emulator.seedWebhook({ url: `${base}/c`, events: ['*'], active: false });
			const customerId = env.emulator.seedLinkCustomer({ firstName: 'Ada' });
			const event = env.emulator.customerEvent('customer.kyc.successful', customerId);
			const results = await env.emulator.publish(event);
			expect(results.map((r) => [r.webhookId, r.status])).toEqual([[wants.id, 200]]);
			expect(received).toEqual([{ url: '/a', signature: createHmac('sha256', wants.secret).update(JSON.stringify(event)).digest('hex'), body: JSON.stringify(event) }]);
			expect(event).toMatchObject({ name: 'customer.kyc.successful', data: { customer: { id: customerId, firstName: 'Ada' } } });
		} finally {
			await new Promise((resolve) => server.close(resolve));
		}
	});

	test('POST /_emulator/customers/{id}/verification (for npm run dev): sets the status, sends the matching event, is not recorded', async () => {
		const received: string[] = [];
		const server = http.createServer((req, res) => {
			let body = '';
			req.on('data', (chunk) => (body += chunk));
			req.on('end', () => {
				received.push(JSON.parse(body).name);
				res.end('ok');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const webhook = env.emulator.seedWebhook({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, events: ['*'] });
			const customerId = env.emulator.seedLinkCustomer({});
			const move = async (status: string) => {
				const response = await fetch(`${env.emulator.url}/_emulator/customers/${customerId}/verification`, {
					method: 'POST',
					body: JSON.stringify({ status }),
				});
				return [response.status, await response.json()];
			};
			expect(await move('approved')).toEqual([200, { id: customerId, status: 'approved', deliveries: [{ webhookId: webhook.id, status: 200 }] }]);
			expect(env.emulator.customers.get(customerId).profiles.map((p: { status: string }) => p.status)).toEqual(['approved']);
			expect(await move('rejected')).toEqual([200, expect.objectContaining({ status: 'rejected' })]);
			expect(await move('incomplete')).toEqual([200, { id: customerId, status: 'incomplete', deliveries: [] }]);
			expect(await move('done')).toEqual([400, { error: 'status: incomplete, pending, approved or rejected' }]);
			expect(received).toEqual(['customer.kyc.successful', 'customer.kyc.rejected']);
			expect(env.emulator.requests).toEqual([]);
		} finally {
			await new Promise((resolve) => server.close(resolve));
		}
	});

	test('the contract check of v1 errors: the documented envelope passes, ProblemDetails does not', () => {
		expect(v1ErrorProblems(404, { ok: false, object: 'error', statusCode: 404, error: 'webhook/not-found', message: 'Webhook not found' })).toEqual([]);
		expect(v1ErrorProblems(404, { status: 404, detail: 'Resource not found', code: 'resource/not-found' })).toEqual([
			'ok must be false',
			'object must be "error"',
			'statusCode must be 404',
			'error must be a string',
			'message must be a string',
		]);
	});
});

describe('the emulator issues Terms of Service links', () => {
	const env = useEmulator({});
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's JSON, checked against the contract
	type Json = any;
	const read = async (path: string): Promise<{ status: number; body: Json }> => {
		const response = await fetch(`${env.emulator.url}${path}`, { headers: { authorization: `Bearer ${API_KEY}` } });
		return { status: response.status, body: await response.json() };
	};

	test('POST /v2/customer/{id}/tos-link answers a link and its expiry; an unknown customer gets the legacy 404 body', async () => {
		const customerId = env.emulator.seedLinkCustomer({});
		const tosLink = async (id: string) => {
			const response = await fetch(`${env.emulator.url}/v2/customer/${id}/tos-link`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}` } });
			return { status: response.status, body: (await response.json()) as Json };
		};
		const first = await tosLink(customerId);
		expect(first.status).toBe(200);
		expect(first.body).toEqual({ link: expect.stringMatching(/^https:\/\/spherepay\.co\/tos\?token=/), expiresAt: expect.any(String) });
		expect(Date.parse(first.body.expiresAt)).toBeGreaterThan(Date.now());
		expect((await tosLink(customerId)).body.link).not.toBe(first.body.link);
		const unknown = await tosLink('customer_unknown');
		expect(unknown).toEqual({ status: 404, body: { ts: expect.any(String), error: { general: expect.stringContaining('customer_unknown DNE') } } });
		expect(env.emulator.contractViolations).toEqual([]);
	});

	test('POST /_emulator/customers/{id}/tos (for npm run dev): moves tosStatus and sends customer.tos.* events', async () => {
		const received: Array<[string, string]> = [];
		const server = http.createServer((req, res) => {
			let body = '';
			req.on('data', (chunk) => (body += chunk));
			req.on('end', () => {
				const event = JSON.parse(body);
				received.push([event.name, event.data.customer.tosStatus]);
				res.end('ok');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			env.emulator.seedWebhook({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, events: ['*'] });
			const customerId = env.emulator.seedLinkCustomer({});
			expect((await read(`/v2/customer/${customerId}`)).body.tosStatus).toBe('incomplete');
			const move = async (status: string) => {
				const response = await fetch(`${env.emulator.url}/_emulator/customers/${customerId}/tos`, { method: 'POST', body: JSON.stringify({ status }) });
				return [response.status, await response.json()];
			};
			expect(await move('pending')).toEqual([200, expect.objectContaining({ status: 'pending' })]);
			expect(await move('accepted')).toEqual([200, expect.objectContaining({ status: 'accepted' })]);
			expect(await move('toString')).toEqual([400, { error: 'status: incomplete, pending or accepted' }]);
			expect((await read(`/v2/customer/${customerId}`)).body.tosStatus).toBe('accepted');
			expect(received).toEqual([
				['customer.tos.pending', 'pending'],
				['customer.tos.successful', 'accepted'],
			]);
		} finally {
			await new Promise((resolve) => server.close(resolve));
		}
	});
});

describe('the emulator counts the load it is offered', () => {
	const env = useEmulator({ rateLimit: { perSecond: 5, retryAfter: true } });
	const read = (id: string) => fetch(`${env.emulator.url}/v2/customer/${id}`, { headers: { authorization: `Bearer ${API_KEY}` } });

	test('busiestSecond counts every request of the busiest 1 s window, refused ones too; 429s are counted apart', async () => {
		const statuses = await Promise.all(Array.from({ length: 12 }, (_, i) => read(`customer_${i}`).then((r) => r.status)));
		expect(statuses.filter((s) => s === 429)).toHaveLength(7);
		expect(env.emulator.stats).toMatchObject({ rateLimited: 7, busiestSecond: 12 });
		env.emulator.reset();
		expect(env.emulator.stats).toMatchObject({ rateLimited: 0, busiestSecond: 0 });
	});
});
