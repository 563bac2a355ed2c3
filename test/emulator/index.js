/**
 * A local SpherePay API for tests and development: a real HTTP server that checks
 * every request against SpherePay's OpenAPI contract and answers as the API does.
 *
 *   const emulator = await startEmulator({ apiKeys: ['sk_test_1'] });
 *   emulator.url        // http://127.0.0.1:<random port>
 *   emulator.requests   // every request received: method, path, headers, body
 *   emulator.customers  // customers created, by id
 *   emulator.fault({ path: /kyc-link$/, status: 502, body: '<html>…', contentType: 'text/html' });
 *   emulator.webhooks   // webhooks registered (POST /v1/webhook) or seeded, by id
 *   await emulator.publish(event)  // SpherePay sending an event to every webhook that wants it
 *   await emulator.close();
 *
 *   await deliver(url, event, { secret })  // one signed delivery, as SpherePay makes it
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const addFormats = require('ajv-formats');
const { OpenAPIBackend } = require('openapi-backend');
const YAML = require('yaml');

const SPEC_PATH = path.join(__dirname, 'openapi.yaml');
const LINK_LIFETIME_MS = 28 * 24 * 60 * 60 * 1000;
/** How long a Terms of Service link is good for: undocumented, so the emulator picks 7 days. */
const TOS_LINK_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;
/** API-NOTES: at most 10 webhooks per account, inactive ones included. */
const WEBHOOK_LIMIT = 10;

// Business rules the real API applies beyond the schema (API-NOTES: state and postal
// code are required where a country uses them). A small, representative subset.
const STATE_REQUIRED = new Set(['USA', 'CAN', 'AUS', 'BRA', 'MEX', 'IND']);
const POSTAL_CODE_REQUIRED = new Set(['USA', 'CAN', 'GBR', 'DEU', 'FRA', 'AUS', 'BRA', 'MEX', 'IND']);

const hex = (bytes) => crypto.randomBytes(bytes).toString('hex');
const operationIdOf = (summary) =>
	summary.replace(/\W+(\w)/g, (_, c) => c.toUpperCase()).replace(/^\w/, (c) => c.toLowerCase());

/**
 * Loads the contract. The spec has no operationIds, so they are derived from each
 * summary (createCustomerViaLink, regenerateKYCLink, listCustomers). The request DTOs
 * are made closed (no unknown properties), so a misspelt field fails loudly here
 * instead of being ignored by the real API.
 */
function loadDefinition(specPath) {
	const definition = YAML.parse(fs.readFileSync(specPath, 'utf8'));
	for (const operations of Object.values(definition.paths)) {
		for (const operation of Object.values(operations)) {
			operation.operationId = operationIdOf(operation.summary);
		}
	}
	const dto = definition.components.schemas.CreateCustomerKycLinkDto;
	dto.additionalProperties = false;
	dto.properties.address.additionalProperties = false;
	definition.paths['/v1/webhook'].post.requestBody.content['application/json'].schema.additionalProperties = false;
	return definition;
}

/** ajv's error → a JSON pointer into the request body, as SpherePay's `errors[].pointer`. */
function toProblemEntry(error) {
	const [, location, ...rest] = error.instancePath.split('/');
	let pointer = rest.length ? `/${rest.join('/')}` : '';
	if (error.keyword === 'required') pointer += `/${error.params.missingProperty}`;
	if (error.keyword === 'additionalProperties') pointer += `/${error.params.additionalProperty}`;
	const detail =
		error.keyword === 'additionalProperties'
			? 'property is not allowed'
			: error.keyword === 'required'
				? 'is required'
				: error.message;
	if (location === 'path') return { detail, parameter: rest[0] ?? error.params.missingProperty };
	if (location === 'query') return { detail, parameter: rest[0] ?? error.params.missingProperty };
	if (location === 'headers') return { detail, header: rest[0] ?? error.params.missingProperty };
	return { detail, pointer: pointer || '/' };
}

/**
 * SpherePay's v1 error envelope (API-NOTES "Webhooks"; the 404 of GET /v1/webhook/{id}).
 * Which status and `error` code other v1 refusals carry is not documented: the emulator uses
 * 400 with `validation/failed` for an invalid body and `webhook/limit-reached` for an
 * eleventh webhook.
 */
function v1Error(statusCode, error, message) {
	return { ok: false, object: 'error', statusCode, error, message };
}

/** A v1 answer: `{ok, object, statusCode, message, data, ts, request}`. */
function v1Envelope(statusCode, object, message, data) {
	return { ok: true, object, statusCode, message, data, ts: new Date().toISOString(), request: `req_${hex(12)}` };
}

/** Problems with a v1 error body, beyond the schema (whose fields are all optional). */
function v1ErrorProblems(status, body) {
	const problems = [];
	if (body?.ok !== false) problems.push('ok must be false');
	if (body?.object !== 'error') problems.push('object must be "error"');
	if (body?.statusCode !== status) problems.push(`statusCode must be ${status}`);
	if (typeof body?.error !== 'string') problems.push('error must be a string');
	if (typeof body?.message !== 'string') problems.push('message must be a string');
	return problems;
}

const signatureOf = (secret, payload) => crypto.createHmac('sha256', secret).update(payload).digest('hex');

/**
 * An event as SpherePay POSTs it. `shape`: `reference` (the API reference's event object,
 * `{id, name, data, webhookRecords, mock, created, updated}`, the default) or `guide` (one
 * guide's `{id, type, createdAt, data}`). `at`: the customer under `data.customer` (default)
 * or as `data` itself.
 * @param {string} name
 * @param {Record<string, unknown>} customer
 * @param {{ id?: string, shape?: 'reference' | 'guide', at?: 'customer' | 'data', created?: string, mock?: boolean }} [options]
 */
function buildEvent(name, customer, options = {}) {
	const id = options.id ?? `event_${hex(12)}`;
	const created = options.created ?? new Date().toISOString();
	const data = options.at === 'data' ? customer : { customer };
	if (options.shape === 'guide') return { id, type: name, createdAt: created, data };
	return { id, name, data, webhookRecords: [], mock: options.mock ?? false, created, updated: created };
}

/**
 * POSTs an event to `url` as SpherePay delivers it: JSON, with a `signature` header holding
 * the hex HMAC-SHA256 of the body keyed with `secret`.
 *   format: `compact` (default) or `pretty` (indented, so the raw body differs from
 *     JSON.stringify of the parsed body)
 *   sign: what is signed: `raw` (the bytes sent, default) or `stringified`
 *     (JSON.stringify(JSON.parse(body)), as SpherePay's own sample verifies)
 *   signature: sent as is instead (a forged or malformed one); null sends no header
 *   contentType: sent instead of application/json (the same signed bytes under another type)
 * @param {string} url
 * @param {unknown} event
 * @param {{ secret?: string, signature?: string | null, sign?: 'raw' | 'stringified', format?: 'compact' | 'pretty', rawBody?: string, contentType?: string }} [options]
 * @returns {Promise<{ status: number, body: string, signature?: string, rawBody: string }>}
 */
async function deliver(url, event, options = {}) {
	const rawBody = options.rawBody ?? (options.format === 'pretty' ? JSON.stringify(event, null, 2) : JSON.stringify(event));
	let signature = options.signature ?? undefined;
	if (options.signature === undefined && options.secret !== undefined) {
		signature = signatureOf(options.secret, options.sign === 'stringified' ? JSON.stringify(JSON.parse(rawBody)) : rawBody);
	}
	const headers = { 'content-type': options.contentType ?? 'application/json', ...(signature === undefined ? {} : { signature }) };
	const response = await fetch(url, { method: 'POST', headers, body: rawBody, redirect: 'manual' });
	return { status: response.status, body: await response.text(), signature, rawBody };
}

/**
 * @typedef {object} RecordedRequest
 * @property {string} method
 * @property {string} url        the raw request target, exactly as sent
 * @property {string} path       the path without the query string, still encoded
 * @property {Record<string, string>} query
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {string} rawBody
 * @property {unknown} body      the parsed JSON body, or undefined
 * @property {number} status     the status the emulator answered with
 * @property {number} receivedAt  when it arrived (ms, performance.now())
 *
 * @typedef {object} Fault  A scripted answer, used `times` times (default 1) for matching requests.
 * @property {string} [method]
 * @property {string | RegExp} [path]
 * @property {number} [times]
 * @property {number} [status]
 * @property {unknown} [json]       a JSON body
 * @property {string} [body]        a raw body (HTML, truncated JSON, …)
 * @property {string} [contentType]
 * @property {Record<string, string>} [headers]
 * @property {number} [delayMs]     wait before answering
 * @property {number} [holdUntilInFlight]  with `delayMs`: answer as soon as this many requests
 *   are being answered at once, or after `delayMs`, whichever comes first (a concurrency bound
 *   shows without depending on how fast the machine is)
 * @property {number} [trickleMs]
 * @property {'hang' | 'trickle' | 'reset-before-body' | 'reset-after-body'} [network]
 *   `trickle`: 200 headers at once, then one byte of body every `trickleMs` (default 300), never ending
 * @property {(body: any) => boolean} [when]  only requests whose parsed body matches (checked once the body is read)
 */

/**
 * SpherePay's limit: `perSecond` requests per API key in any 1 s window, writes and reads
 * counted apart; beyond it a 429, with `Retry-After: <seconds>` when `retryAfter` is set
 * (whether the API sends one is not documented).
 * @typedef {{ perSecond: number, retryAfter?: boolean }} RateLimit
 */

/**
 * What the emulator keeps of a customer; `GET /v2/customer/{id}` shows it as the API's
 * Customer. `profiles` are its verification profiles (default: one, `kyc_profile_a`,
 * `incomplete`); a customer may have several, or none.
 * @typedef {object} StoredCustomer
 * @property {string} id
 * @property {'onboarding-link' | 'direct'} flow
 * @property {Array<{ customerId: string, url: string, expiresAt: string }>} links
 * @property {'individual' | 'business'} [type]
 * @property {string} [email]
 * @property {string} [phone]
 * @property {string} [firstName]
 * @property {string} [lastName]
 * @property {string} [businessLegalName]
 * @property {string} [businessTradeName]
 * @property {Array<{ name: string, status: 'incomplete' | 'pending' | 'approved' | 'rejected' }>} [profiles]
 * @property {'incomplete' | 'pending' | 'accepted'} [tosStatus]  Terms of Service acceptance (default `incomplete`)
 * @property {Array<{ link: string, expiresAt: string }>} [tosLinks]  Terms of Service links issued
 * @property {string} [createdAt]
 */

/**
 * @param {{ apiKeys?: string[], authFailureStatus?: 401 | 403, port?: number, host?: string,
 *           latencyMs?: number, rateLimit?: RateLimit, specPath?: string, maxPageSize?: number,
 *           maxWebhooks?: number }} [options]
 *   `maxPageSize`: the most customers one list page holds, whatever `limit` asks (the real
 *   maximum is undocumented; default 100)
 *   `maxWebhooks`: the account's webhook limit (SpherePay's is 10, the default)
 */
async function startEmulator(options = {}) {
	const {
		apiKeys = ['sk_test_emulator'],
		authFailureStatus = 403,
		port = 0,
		host = '127.0.0.1',
		latencyMs = 0,
		rateLimit,
		specPath = SPEC_PATH,
		maxPageSize = 100,
		maxWebhooks = WEBHOOK_LIMIT,
	} = options;

	const api = new OpenAPIBackend({
		definition: loadDefinition(specPath),
		quick: false,
		validate: true,
		ajvOpts: { allErrors: true, strict: false },
		customizeAjv: (ajv) => {
			addFormats(ajv);
			return ajv;
		},
	});
	await api.init();

	/** @type {RecordedRequest[]} */
	const requests = [];
	/** @type {Map<string, any>} StoredCustomer by ID */
	const customers = new Map();
	/** @type {Map<string, any>} the API's Webhook objects, by ID */
	const webhooks = new Map();
	/** @type {Fault[]} */
	let faults = [];
	/** Response bodies that do not match the contract (a bug in the emulator). */
	const contractViolations = [];
	const keys = new Set(apiKeys);
	const sockets = new Set();
	/** Idempotency keys seen, per API key: recorded whatever the outcome. */
	const idempotencyKeys = new Map();
	/** Accepted requests' arrival times, per API key and kind (read/write), for the rate limit. */
	const windows = new Map();
	/**
	 * `busiestSecond`: the most API requests (any key, kind or answer) received in any 1 s
	 * window: the load callers offered, which the limit does not cap.
	 */
	const stats = { inFlight: 0, maxInFlight: 0, rateLimited: 0, busiestSecond: 0 };
	/** Arrival times of the API requests of the last second, for `busiestSecond`. */
	const lastSecond = [];
	/** Answers held by `holdUntilInFlight`, woken whenever another request arrives. */
	const held = new Set();

	const problem = (status, detail, extra = {}) => ({
		status,
		detail,
		...extra,
		correlationId: hex(16),
	});

	/** Before the body is read only faults without `when` can match; after it, only those with. */
	function takeFault(method, urlPath, body = undefined, bodyRead = false) {
		const index = faults.findIndex(
			(fault) =>
				(!fault.method || fault.method.toUpperCase() === method) &&
				(!fault.path ||
					(typeof fault.path === 'string' ? fault.path === urlPath : fault.path.test(urlPath))) &&
				(bodyRead ? fault.when !== undefined && fault.when(body) : fault.when === undefined),
		);
		if (index === -1) return undefined;
		const fault = faults[index];
		fault.times = (fault.times ?? 1) - 1;
		if (fault.times <= 0) faults.splice(index, 1);
		return fault;
	}

	function newLink(customerId) {
		return {
			customerId,
			url: `https://in.sumsub.com/websdk/p/sbx_${crypto.randomBytes(12).toString('base64url')}`,
			expiresAt: new Date(Date.now() + LINK_LIFETIME_MS).toISOString(),
		};
	}

	function createCustomer(body) {
		const errors = [];
		const { country, state, postalCode } = body.address;
		if (STATE_REQUIRED.has(country) && !state) {
			errors.push({ detail: `State is required for ${country}`, pointer: '/address/state' });
		}
		if (POSTAL_CODE_REQUIRED.has(country) && !postalCode) {
			errors.push({ detail: `Postal code is required for ${country}`, pointer: '/address/postalCode' });
		}
		if (errors.length > 0) {
			return [400, problem(400, 'Invalid request parameters', { code: 'address/invalid', errors })];
		}
		const id = `customer_${hex(16)}`;
		const link = newLink(id);
		store({ ...body, id, flow: 'onboarding-link', links: [link] });
		return [201, link];
	}

	/** Keeps a customer, with the defaults of a new one: created now, one incomplete profile. */
	function store(customer) {
		const now = new Date().toISOString();
		const stored = { profiles: [{ name: 'kyc_profile_a', status: 'incomplete' }], createdAt: now, updatedAt: now, links: [], ...customer };
		customers.set(stored.id, stored);
		return stored;
	}

	/** A stored customer as the API's Customer object (no link, no link expiry). */
	function customerView(customer) {
		const criteria = (status) => ({
			complete: status === 'approved' ? ['identity', 'address'] : [],
			pending: status === 'pending' ? ['identity', 'address'] : [],
			required: status === 'incomplete' ? ['identity', 'address'] : [],
			errors: status === 'rejected' ? [{ name: 'identity', message: 'The document could not be verified' }] : [],
		});
		const names = ['firstName', 'lastName', 'businessLegalName', 'businessTradeName'];
		return {
			id: customer.id,
			type: customer.type ?? 'individual',
			...(customer.email ? { email: customer.email } : {}),
			...(customer.phone ? { phone: customer.phone } : {}),
			...Object.fromEntries(names.filter((name) => customer[name]).map((name) => [name, customer[name]])),
			tosStatus: customer.tosStatus ?? 'incomplete',
			meta: {},
			createdAt: customer.createdAt,
			updatedAt: customer.updatedAt,
			verificationProfiles: customer.profiles.map(({ name, status }) => ({ name, status, criteria: criteria(status) })),
		};
	}

	function getCustomer(rawId) {
		const customer = customers.get(rawId);
		if (!customer) return [404, problem(404, 'Resource not found', { code: 'resource/not-found' })];
		return [200, customerView(customer)];
	}

	function regenerateLink(rawId) {
		const customer = customers.get(rawId);
		if (!customer) return [404, problem(404, 'Resource not found', { code: 'resource/not-found' })];
		if (customer.flow !== 'onboarding-link') {
			return [
				422,
				problem(422, 'Customer was not created via the onboarding link flow', {
					code: 'customer/unsupported-flow',
					errors: [{ detail: 'not an onboarding-link customer', parameter: 'id' }],
				}),
			];
		}
		const link = newLink(customer.id);
		customer.links.push(link);
		return [201, link];
	}

	/**
	 * A hosted Terms of Service link. An unknown customer gets the legacy error body the
	 * reference shows for this endpoint's 404, not ProblemDetails.
	 */
	function createTosLink(rawId) {
		const customer = customers.get(rawId);
		if (!customer) {
			const general = `Customer ${rawId} DNE for user. Please check that you are correctly specifying both the id and mock query param if in use.`;
			return [404, { ts: new Date().toISOString(), error: { general } }];
		}
		const link = {
			link: `https://spherepay.co/tos?token=${crypto.randomBytes(24).toString('base64url')}`,
			expiresAt: new Date(Date.now() + TOS_LINK_LIFETIME_MS).toISOString(),
		};
		customer.tosLinks = [...(customer.tosLinks ?? []), link];
		return [200, link];
	}

	/** Newest first; `search`, `email`, `status` (any profile) and `type` filter; pages never exceed maxPageSize. */
	function listCustomers(query) {
		const page = Math.max(1, Number(query.page ?? 1) || 1);
		const limit = Math.min(maxPageSize, Math.max(1, Number(query.limit ?? 10) || 10));
		const search = query.search?.toLowerCase();
		const all = [...customers.values()].reverse().filter(
			(c) =>
				(!search ||
					['firstName', 'lastName', 'businessLegalName', 'businessTradeName', 'email'].some((name) =>
						String(c[name] ?? '').toLowerCase().includes(search),
					)) &&
				(!query.email || c.email === query.email) &&
				(!query.status || c.profiles.some((profile) => profile.status === query.status)) &&
				(!query.type || (c.type ?? 'individual') === query.type),
		);
		const totalPages = Math.max(1, Math.ceil(all.length / limit));
		const slice = all.slice((page - 1) * limit, page * limit).map(customerView);
		return [
			200,
			{
				customers: slice,
				pagination: {
					page,
					limit,
					total: all.length,
					totalPages,
					hasNext: page < totalPages,
					hasPrevious: page > 1,
				},
			},
		];
	}

	/** A webhook as the API's Webhook object. */
	function newWebhook(fields) {
		const now = new Date().toISOString();
		return {
			id: `webhook_${hex(12)}`,
			name: 'webhook',
			active: true,
			deliveryRate: '100%',
			status: 'healthy',
			events: ['*'],
			url: 'https://example.com/webhook',
			secret: `secret_${hex(16)}`,
			created: now,
			updated: now,
			...fields,
		};
	}

	function createWebhook(body) {
		if (webhooks.size >= maxWebhooks) {
			return [400, v1Error(400, 'webhook/limit-reached', `Maximum number of webhooks reached (${maxWebhooks})`)];
		}
		const webhook = newWebhook({
			name: body.name,
			...(body.description !== undefined ? { description: body.description } : {}),
			url: body.url,
			events: [...body.events],
		});
		webhooks.set(webhook.id, webhook);
		return [200, v1Envelope(200, 'webhook', 'Webhook created', { webhook })];
	}

	function getWebhook(id) {
		const webhook = webhooks.get(id);
		if (!webhook) return [404, v1Error(404, 'webhook/not-found', 'Webhook not found')];
		return [200, v1Envelope(200, 'webhook', 'Webhook retrieved', { webhook })];
	}

	/** @returns {number | undefined} for a request over the limit, ms until a slot frees (it is then not counted) */
	function overLimit(key, method, now) {
		if (!rateLimit) return undefined;
		const id = `${key} ${method === 'GET' ? 'read' : 'write'}`;
		const times = windows.get(id) ?? [];
		windows.set(id, times);
		while (times.length > 0 && times[0] <= now - 1000) times.shift();
		if (times.length >= rateLimit.perSecond) return times[0] + 1000 - now;
		times.push(now);
		return undefined;
	}

	/** @returns {[number, unknown, Record<string, string>?]} */
	function answer(record) {
		const auth = String(record.headers.authorization ?? '');
		const key = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : '';
		if (!keys.has(key)) {
			return authFailureStatus === 401
				? [401, problem(401, 'Unauthorized', { code: 'unauthorized' })]
				: [403, problem(403, 'Forbidden resource')];
		}
		const freeInMs = overLimit(key, record.method, record.receivedAt);
		if (freeInMs !== undefined) {
			stats.rateLimited++;
			const headers = rateLimit?.retryAfter ? { 'Retry-After': String(Math.ceil(freeInMs / 1000)) } : undefined;
			return [429, problem(429, 'Too many requests', { code: 'rate-limit/exceeded' }), headers];
		}
		const idempotencyKey = record.headers['idempotency-key'];
		if (record.method === 'POST' && typeof idempotencyKey === 'string') {
			if (idempotencyKey.length > 255) {
				return [
					400,
					problem(400, 'Invalid request parameters', {
						code: 'validation/failed',
						errors: [{ detail: 'must be at most 255 characters', header: 'Idempotency-Key' }],
					}),
				];
			}
			const seen = idempotencyKeys.get(key) ?? new Set();
			idempotencyKeys.set(key, seen);
			if (seen.has(idempotencyKey)) {
				return [
					409,
					problem(409, 'Idempotency key has already been used', { code: 'idempotency/key-reused' }),
				];
			}
			seen.add(idempotencyKey);
		}

		const request = {
			method: record.method,
			path: record.path,
			query: record.query,
			headers: /** @type {Record<string, string>} */ (record.headers),
			body: record.body,
		};
		const operation = api.router.matchOperation(request);
		if (!operation) {
			return [404, problem(404, `Cannot ${record.method} ${record.path}`, { code: 'resource/not-found' })];
		}
		const v1 = record.path.startsWith('/v1/');
		if (record.rawBody !== '' && record.body === undefined) {
			if (v1) return [400, v1Error(400, 'request/invalid-json', 'Request body is not valid JSON')];
			return [400, problem(400, 'Request body is not valid JSON', { code: 'request/invalid-json' })];
		}
		const validation = api.validator.validateRequest(request, operation);
		if (!validation.valid && v1) {
			const details = (validation.errors ?? []).map(toProblemEntry).map((e) => `${e.pointer ?? e.parameter ?? e.header} ${e.detail}`);
			return [400, v1Error(400, 'validation/failed', `Validation failed: ${details.join('; ')}`)];
		}
		if (!validation.valid) {
			return [
				422,
				problem(422, 'Validation failed', {
					code: 'validation/failed',
					errors: (validation.errors ?? []).map(toProblemEntry),
				}),
			];
		}

		switch (operation.operationId) {
			case 'createCustomerViaLink':
				return createCustomer(record.body);
			case 'regenerateKYCLink':
				return regenerateLink(decodeURIComponent(record.path.split('/')[3]));
			case 'listCustomers':
				return listCustomers(record.query);
			case 'createTOSLink':
				return createTosLink(decodeURIComponent(record.path.split('/')[3]));
			case 'getCustomer':
				return getCustomer(decodeURIComponent(record.path.split('/')[3]));
			case 'createWebhook':
				return createWebhook(record.body);
			case 'getWebhook':
				return getWebhook(decodeURIComponent(record.path.split('/')[3]));
			default:
				return [501, problem(501, 'Not implemented by the emulator')];
		}
	}

	function checkContract(record, status, body) {
		const operation = api.router.matchOperation({ method: record.method, path: record.path, headers: {} });
		if (!operation || status === 501) return;
		const result = api.validator.validateResponse(body, operation, status);
		if (result.errors && result.errors.length) {
			contractViolations.push({ path: record.path, status, errors: result.errors });
		}
		// v1 errors: the documented envelope, whatever the status (most are not in the spec).
		if (record.path.startsWith('/v1/') && status >= 400 && status !== 403 && status !== 401 && status !== 429) {
			const problems = v1ErrorProblems(status, body);
			if (problems.length) contractViolations.push({ path: record.path, status, errors: problems });
		}
	}

	/** The event SpherePay sends when a customer's verification, or Terms of Service acceptance, reaches a status. */
	const EVENTS = {
		verification: { incomplete: undefined, pending: 'customer.kyc.pending', approved: 'customer.kyc.successful', rejected: 'customer.kyc.rejected' },
		tos: { incomplete: undefined, pending: 'customer.tos.pending', accepted: 'customer.tos.successful' },
	};

	/**
	 * What the hosted flows and SpherePay's review do, for `npm run dev` and manual trials (not
	 * part of SpherePay's API, not recorded): `POST /_emulator/customers/{id}/verification`
	 * with `{ "status": "approved" }` sets the customer's verification, and
	 * `POST /_emulator/customers/{id}/tos` with `{ "status": "accepted" }` its Terms of Service
	 * acceptance; each sends the matching event to every webhook that wants it. Answers the
	 * deliveries' statuses.
	 */
	async function control(method, urlPath, body, res) {
		const reply = (status, json) => {
			res.writeHead(status, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify(json));
		};
		const match = /^\/_emulator\/customers\/([^/]+)\/(verification|tos)$/.exec(urlPath);
		const id = match && decodeURIComponent(match[1]);
		if (method !== 'POST' || !id) {
			return reply(404, { error: 'POST /_emulator/customers/{id}/verification or /_emulator/customers/{id}/tos' });
		}
		if (!customers.has(id)) return reply(404, { error: `No customer ${id}` });
		const events = EVENTS[match[2]];
		const status = body?.status;
		if (typeof status !== 'string' || !Object.hasOwn(events, status)) {
			const names = Object.keys(events);
			return reply(400, { error: `status: ${names.slice(0, -1).join(', ')} or ${names.at(-1)}` });
		}
		if (match[2] === 'tos') emulator.setTosStatus(id, status);
		else emulator.setVerification(id, status);
		const deliveries = events[status] ? await emulator.publish(emulator.customerEvent(events[status], id)) : [];
		reply(200, { id, status, deliveries: deliveries.map(({ webhookId, status: answered }) => ({ webhookId, status: answered })) });
	}

	const server = http.createServer((req, res) => {
		const chunks = [];
		const url = req.url ?? '/';
		const [urlPath, search = ''] = url.split('?');
		const method = (req.method ?? 'GET').toUpperCase();
		const receivedAt = performance.now();
		let fault = takeFault(method, urlPath);

		if (fault?.network === 'reset-before-body') {
			// Recorded (status 0) so tests can count attempts, though no body was read.
			requests.push({ method, url, path: urlPath, query: {}, headers: req.headers, rawBody: '', body: undefined, status: 0, receivedAt });
			req.socket.destroy();
			return;
		}

		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', async () => {
			const rawBody = Buffer.concat(chunks).toString('utf8');
			let body;
			try {
				body = rawBody === '' ? undefined : JSON.parse(rawBody);
			} catch {
				body = undefined;
			}
			if (urlPath.startsWith('/_emulator/')) return void control(method, urlPath, body, res);
			/** @type {RecordedRequest} */
			const record = {
				method,
				url,
				path: urlPath,
				query: Object.fromEntries(new URLSearchParams(search)),
				headers: req.headers,
				rawBody,
				body,
				status: 0,
				receivedAt,
			};
			requests.push(record);
			lastSecond.push(receivedAt);
			while (lastSecond[0] <= receivedAt - 1000) lastSecond.shift();
			stats.busiestSecond = Math.max(stats.busiestSecond, lastSecond.length);
			fault ??= takeFault(method, urlPath, body, true);
			stats.inFlight++;
			stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
			res.on('close', () => stats.inFlight--);
			for (const wake of held) wake();

			if (fault?.holdUntilInFlight !== undefined) {
				await new Promise((resolve) => {
					const wake = () => {
						if (stats.inFlight < fault.holdUntilInFlight) return;
						clearTimeout(timer);
						held.delete(wake);
						resolve(undefined);
					};
					const timer = setTimeout(() => {
						held.delete(wake);
						resolve(undefined);
					}, fault.delayMs ?? 0);
					held.add(wake);
					wake();
				});
			}
			const delay = (fault?.holdUntilInFlight === undefined ? (fault?.delayMs ?? 0) : 0) + latencyMs;
			if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));

			if (fault?.network === 'hang') return; // the socket stays open until close()
			if (fault?.network === 'trickle') {
				record.status = 200;
				res.writeHead(200, { 'Content-Type': 'application/json' });
				res.write('{');
				const timer = setInterval(() => res.write(' '), fault.trickleMs ?? 300);
				res.on('close', () => clearInterval(timer));
				return;
			}
			if (fault?.network === 'reset-after-body') {
				req.socket.destroy();
				return;
			}

			let status;
			let payload;
			let contentType = 'application/json';
			let answerHeaders;
			if (fault && fault.status !== undefined) {
				status = fault.status;
				if (fault.body !== undefined) {
					payload = fault.body;
					contentType = fault.contentType ?? 'text/plain';
				} else {
					payload = fault.json === undefined ? '' : JSON.stringify(fault.json);
				}
			} else {
				const [answerStatus, answerBody, extraHeaders] = answer(record);
				status = answerStatus;
				answerHeaders = extraHeaders;
				payload = JSON.stringify(answerBody);
				checkContract(record, status, answerBody);
			}
			record.status = status;
			const headers = { 'Content-Type': contentType, ...(answerHeaders ?? {}), ...(fault?.headers ?? {}) };
			if (payload === '') delete headers['Content-Type'];
			res.writeHead(status, headers);
			res.end(payload);
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => resolve(undefined));
	});
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	const baseUrl = `http://${host}:${address.port}`;

	const emulator = {
		url: baseUrl,
		port: address.port,
		requests,
		customers,
		contractViolations,
		/** Requests being answered now, the most at once, 429s sent for the rate limit, and the busiest second. */
		stats,
		/** Scripts the next matching request's answer. @param {Fault} fault */
		fault(fault) {
			faults.push({ times: 1, ...fault });
		},
		/**
		 * Adds an onboarding-link customer, e.g. one an example workflow refers to by ID, with
		 * any StoredCustomer fields (names, `profiles`). Returns its ID.
		 * @param {Partial<StoredCustomer> & Record<string, any>} customer
		 */
		seedLinkCustomer(customer) {
			return store({ ...customer, id: customer.id ?? `customer_${hex(16)}`, flow: 'onboarding-link' }).id;
		},
		/** Adds a customer made through SpherePay's direct API flow (no onboarding links). */
		seedDirectCustomer() {
			return store({ id: `customer_${hex(16)}`, flow: 'direct' }).id;
		},
		/** Sets a customer's verification, as the hosted flow and SpherePay's review do: one status for every profile, or the profiles themselves. */
		setVerification(id, status) {
			const customer = customers.get(id);
			if (!customer) throw new Error(`No customer ${id}`);
			customer.profiles = Array.isArray(status) ? status : customer.profiles.map((profile) => ({ ...profile, status }));
			customer.updatedAt = new Date().toISOString();
		},
		/** Sets a customer's Terms of Service acceptance, as SpherePay's hosted TOS page does. */
		setTosStatus(id, status) {
			const customer = customers.get(id);
			if (!customer) throw new Error(`No customer ${id}`);
			customer.tosStatus = status;
			customer.updatedAt = new Date().toISOString();
		},
		webhooks,
		/**
		 * Adds a webhook as the dashboard would (it counts toward the limit); returns it.
		 * @param {Record<string, unknown>} [fields]
		 */
		seedWebhook(fields = {}) {
			const webhook = newWebhook(fields);
			webhooks.set(webhook.id, webhook);
			return webhook;
		},
		/** Changes a webhook as the dashboard does (events, url, secret, active). */
		updateWebhook(id, fields) {
			const webhook = webhooks.get(id);
			if (!webhook) throw new Error(`No webhook ${id}`);
			Object.assign(webhook, fields, { updated: new Date().toISOString() });
			return webhook;
		},
		/** Deletes a webhook, as only the dashboard can. */
		removeWebhook(id) {
			if (!webhooks.delete(id)) throw new Error(`No webhook ${id}`);
		},
		/**
		 * A customer event with the customer as GET /v2/customer/{id} shows it (see buildEvent
		 * for the options).
		 */
		customerEvent(name, customerId, eventOptions = {}) {
			const customer = customers.get(customerId);
			if (!customer) throw new Error(`No customer ${customerId}`);
			return buildEvent(name, customerView(customer), eventOptions);
		},
		/**
		 * SpherePay sending `event`: one signed delivery to every active webhook whose events
		 * include its name (or `*`). Returns the deliveries' answers.
		 */
		async publish(event, deliveryOptions = {}) {
			const name = event.name ?? event.type;
			const targets = [...webhooks.values()].filter((w) => w.active && (w.events.includes('*') || w.events.includes(name)));
			const results = [];
			for (const webhook of targets) {
				results.push({ webhookId: webhook.id, ...(await deliver(webhook.url, event, { ...deliveryOptions, secret: webhook.secret })) });
			}
			return results;
		},
		/** Forgets requests, customers, webhooks and faults. */
		reset() {
			requests.length = 0;
			customers.clear();
			webhooks.clear();
			contractViolations.length = 0;
			faults = [];
			held.clear();
			idempotencyKeys.clear();
			windows.clear();
			lastSecond.length = 0;
			Object.assign(stats, { inFlight: 0, maxInFlight: 0, rateLimited: 0, busiestSecond: 0 });
		},
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise((resolve) => server.close(() => resolve(undefined)));
		},
	};
	return emulator;
}

module.exports = { startEmulator, loadDefinition, SPEC_PATH, buildEvent, deliver, signatureOf, v1ErrorProblems, WEBHOOK_LIMIT };
