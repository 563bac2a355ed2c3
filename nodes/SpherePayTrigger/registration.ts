import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ALL_EVENTS } from './events';
import { parseProblem } from '../shared/helpers/problem';
import { malformedResponseError, responseError } from '../shared/helpers/responseErrors';
import type { ResponseContext } from '../shared/helpers/spherePayError';
import { isObject } from '../shared/helpers/json';
import { clip } from '../shared/helpers/text';
import { requestOutsideRun, type SpherePayResponse } from '../shared/transport';
import { ACTIVATION_READ as READ, ACTIVATION_WRITE as WRITE } from '../shared/transport/retry';
import { readV1Data } from '../shared/transport/responses/v1';

/**
 * What the trigger keeps in its node's static data about the webhook it registered. n8n
 * saves static data after an activation and a deactivation, so the registration outlives
 * both: it is only lost with the workflow (or its static data).
 */
export interface Registration {
	webhookId: string;
	webhookSecret: string;
	/** The URL it was registered with (this node's Production URL at the time). */
	webhookUrl: string;
	/** The events SpherePay sends it, as registered or as last read from SpherePay. */
	webhookEvents: string[];
}

export const REGISTRATION_KEYS = ['webhookId', 'webhookSecret', 'webhookUrl', 'webhookEvents'] as const;

/**
 * In the workflow's global static data: the SpherePay webhook ID registered for each trigger,
 * by the node's own webhook ID (the one in its URL). n8n keeps node static data under the
 * node's name, so renaming the node loses the registration; this finds it again.
 */
export const REGISTERED_BY_NODE_KEY = 'spherePayWebhookIds';

/** SpherePay allows this many webhooks per account, inactive ones included. */
export const WEBHOOK_LIMIT = 10;

const DASHBOARD = 'the SpherePay dashboard (Settings → Webhooks)';

const strings = (value: unknown): string[] | undefined =>
	Array.isArray(value) && value.every((entry) => typeof entry === 'string') ? (value as string[]) : undefined;

/** The registration in the node's static data, if there is a complete one. */
export function storedRegistration(staticData: IDataObject): Registration | undefined {
	const { webhookId, webhookSecret, webhookUrl } = staticData;
	if (typeof webhookId !== 'string' || webhookId === '' || typeof webhookSecret !== 'string') return undefined;
	return {
		webhookId,
		webhookSecret,
		webhookUrl: typeof webhookUrl === 'string' ? webhookUrl : '',
		webhookEvents: strings(staticData.webhookEvents) ?? [],
	};
}

/** The SpherePay webhook ID registered for this node, by its webhook ID, if any. */
function registeredForNode(this: IHookFunctions): string | undefined {
	const nodeWebhookId = this.getNode().webhookId;
	const index = this.getWorkflowStaticData('global')[REGISTERED_BY_NODE_KEY];
	if (!nodeWebhookId || !isObject(index)) return undefined;
	const id = index[nodeWebhookId];
	return typeof id === 'string' && id !== '' ? id : undefined;
}

/** Records (or, with undefined, removes) the SpherePay webhook ID registered for this node; the object is replaced so that n8n saves it. */
function recordForNode(this: IHookFunctions, webhookId: string | undefined) {
	const nodeWebhookId = this.getNode().webhookId;
	if (!nodeWebhookId) return;
	const global = this.getWorkflowStaticData('global');
	const index: IDataObject = isObject(global[REGISTERED_BY_NODE_KEY]) ? { ...(global[REGISTERED_BY_NODE_KEY] as IDataObject) } : {};
	if (index[nodeWebhookId] === webhookId) return;
	if (webhookId === undefined) delete index[nodeWebhookId];
	else index[nodeWebhookId] = webhookId;
	global[REGISTERED_BY_NODE_KEY] = index;
}

function forget(this: IHookFunctions, staticData: IDataObject) {
	for (const key of REGISTRATION_KEYS) delete staticData[key];
	recordForNode.call(this, undefined);
}

/** The events to register: `*` alone when it is selected. */
export function eventsToRegister(selected: string[]): string[] {
	return selected.includes(ALL_EVENTS) ? [ALL_EVENTS] : [...new Set(selected)];
}

/** The selected events a webhook that sends `registered` does not send (`*` sends all). */
export function missingEvents(selected: string[], registered: string[]): string[] {
	if (registered.includes(ALL_EVENTS)) return [];
	return eventsToRegister(selected).filter((event) => !registered.includes(event));
}

/**
 * Automatic registration registers the Production URL only: every registration takes one of
 * the account's ten webhooks for good (none can be deleted through the API), and the Test URL
 * of a manual run would need one more.
 */
export function refuseTestUrl(this: IHookFunctions): void {
	if (this.getActivationMode() !== 'manual') return;
	throw new NodeOperationError(this.getNode(), 'Automatic registration does not register the Test URL', {
		description: `SpherePay allows ${WEBHOOK_LIMIT} webhooks per account and its API cannot delete one, so this node registers only its Production URL, when the workflow is activated. To see events arrive, activate the workflow and open its executions. To listen here, choose Registration: Manual, add this node’s Test URL as a webhook in ${DASHBOARD} and put its signing secret in the credential.`,
	});
}

function productionUrl(this: IHookFunctions): string {
	const url = this.getNodeWebhookUrl('default');
	if (!url) throw new NodeOperationError(this.getNode(), 'n8n gave no webhook URL for this node');
	return url;
}

function selectedEvents(this: IHookFunctions): string[] {
	const events = this.getNodeParameter('events', []) as string[];
	if (!Array.isArray(events) || events.length === 0) {
		throw new NodeOperationError(this.getNode(), 'Choose at least one event', {
			description: 'Events says which SpherePay events start this workflow; * is every event.',
		});
	}
	return events;
}

/** The `webhook` of a v1 answer. */
function readWebhook(context: ResponseContext, response: SpherePayResponse): IDataObject {
	const data = readV1Data(context, response);
	if (!isObject(data.webhook)) throw malformedResponseError(context, response.statusCode, 'without a webhook');
	return data.webhook;
}

/** A 404 whose body says, as SpherePay does, that there is no such webhook (not a gateway's page). */
function saysNotFound(body: unknown): boolean {
	const code = parseProblem(body)?.code;
	return code !== undefined && /not[-_ ]?found/i.test(code);
}

/**
 * checkExists: whether SpherePay still has the webhook this node registered, pointing at
 * this node's Production URL and sending every selected event. Gone (SpherePay says so) or
 * pointing elsewhere: the stored registration is forgotten and false lets n8n register a new
 * one. Still there but missing events that are now selected: an error, because SpherePay's
 * API cannot change a webhook and a second one on the same URL would take another of the
 * account's ten. A secret changed in the dashboard is taken over. A node renamed since it
 * registered finds its webhook again through its webhook ID, and takes the secret SpherePay
 * shows.
 */
export async function registrationExists(this: IHookFunctions): Promise<boolean> {
	refuseTestUrl.call(this);
	const staticData = this.getWorkflowStaticData('node');
	const stored = storedRegistration(staticData);
	// Only its ID, when the node was renamed since it registered.
	const id = stored?.webhookId ?? registeredForNode.call(this);
	if (id === undefined) return false;
	const url = productionUrl.call(this);
	const selected = selectedEvents.call(this);

	const context: ResponseContext = {
		node: this.getNode(),
		labelForPointer: () => undefined,
		notFound: {
			message: `The base URL answered 404 for SpherePay webhook ${clip(id, 100)} without saying that the webhook does not exist`,
			fix: 'Check the credential’s environment or base URL. The registration was kept.',
		},
	};
	const response = await requestOutsideRun.call(
		this,
		{ method: 'GET', path: `/v1/webhook/${encodeURIComponent(id)}`, acceptStatuses: [404] },
		context,
		READ,
	);
	if (response.statusCode === 404) {
		if (!saysNotFound(response.body)) throw responseError(context, 404, response.body);
		this.logger.info(`SpherePay has no webhook ${id} any more (deleted in the dashboard?): registering a new one`);
		forget.call(this, staticData);
		return false;
	}

	const webhook = readWebhook(context, response);
	const registeredUrl = typeof webhook.url === 'string' ? webhook.url : stored?.webhookUrl;
	if (registeredUrl !== url) {
		this.logger.warn(
			`SpherePay webhook ${id} sends to ${registeredUrl}, not to this node's URL ${url}: registering a new one. Delete ${id} in ${DASHBOARD} if nothing uses it.`,
		);
		forget.call(this, staticData);
		return false;
	}
	const secret = typeof webhook.secret === 'string' && webhook.secret !== '' ? webhook.secret : stored?.webhookSecret;
	if (!secret) {
		this.logger.warn(
			`SpherePay showed no signing secret for webhook ${id}, and none is stored for this node: registering a new one. Delete ${id} in ${DASHBOARD}.`,
		);
		forget.call(this, staticData);
		return false;
	}

	const registeredEvents = strings(webhook.events) ?? stored?.webhookEvents ?? [];
	const missing = missingEvents(selected, registeredEvents);
	if (missing.length > 0) {
		throw new NodeOperationError(this.getNode(), `SpherePay webhook ${clip(id, 100)} does not send ${missing.join(', ')}`, {
			description: `This node registered webhook ${id} for ${registeredEvents.join(', ') || 'no events'}. SpherePay’s API cannot change a webhook’s events, and registering a second webhook for the same URL would take another of the ${WEBHOOK_LIMIT} an account may have. In ${DASHBOARD}, add the missing events to webhook ${id}, or delete it (the next activation then registers a new one with the selected events); then activate the workflow again. Or select only events it already sends.`,
		});
	}
	if (webhook.active === false) {
		this.logger.warn(`SpherePay webhook ${id} is not active: SpherePay sends nothing until it is enabled in ${DASHBOARD}`);
	}
	if (!stored) {
		this.logger.info(`Found SpherePay webhook ${id}, registered for this node under another name: reusing it`);
		Object.assign(staticData, { webhookId: id, webhookSecret: secret, webhookUrl: url, webhookEvents: registeredEvents } satisfies Registration);
	}
	// Changed in the dashboard since: SpherePay's values count. Only what differs is written, so
	// that n8n saves static data only when it changed.
	if (secret !== staticData.webhookSecret) staticData.webhookSecret = secret;
	if (registeredEvents.join('\n') !== (strings(staticData.webhookEvents) ?? []).join('\n')) {
		staticData.webhookEvents = registeredEvents;
	}
	recordForNode.call(this, id);
	return true;
}

/** A refusal that names a limit: SpherePay's answer to an eleventh webhook (its exact code is not documented). */
function limitReached(status: number, problem: { code?: string; detail?: string } | undefined) {
	if (status < 400 || status > 499 || status === 429) return undefined;
	if (!/limit|maximum|exceed/i.test(`${problem?.code ?? ''} ${problem?.detail ?? ''}`)) return undefined;
	return {
		message: `SpherePay refused to register another webhook: an account may have at most ${WEBHOOK_LIMIT}`,
		fix: `Inactive webhooks count too. Delete the webhooks nothing uses in ${DASHBOARD} (SpherePay’s API cannot delete them), then activate the workflow again. Or choose Registration: Manual and give this node an existing webhook’s signing secret.`,
	};
}

/**
 * create: registers this node's Production URL for the selected events with
 * `POST /v1/webhook` and keeps the webhook's ID and signing secret in static data.
 */
export async function register(this: IHookFunctions): Promise<boolean> {
	refuseTestUrl.call(this);
	const url = productionUrl.call(this);
	const events = eventsToRegister(selectedEvents.call(this));
	const workflow = this.getWorkflow();
	const node = this.getNode();
	const body = {
		name: clip(`n8n: ${workflow.name ?? workflow.id ?? 'workflow'} / ${node.name}`, 400),
		description: clip(
			`Registered by n8n for workflow ${workflow.id ?? ''} (node "${node.name}"). n8n cannot delete it through SpherePay’s API: delete it here once that workflow is deleted.`,
			400,
		),
		url,
		events,
	};
	const labels: Record<string, string> = { '/url': 'Webhook URL', '/events': 'Events', '/name': 'Name', '/description': 'Description' };
	const context: ResponseContext = {
		node,
		labelForPointer: (pointer) => labels[pointer.replace(/\/\d+$/, '')],
		unknownOutcome: {
			clause: 'the webhook may or may not have been registered',
			check: `Before activating again, look in ${DASHBOARD} for a webhook with this node’s Production URL (${url}); if there is one, delete it, or the next activation registers a second one.`,
		},
		explain: limitReached,
	};
	const response = await requestOutsideRun.call(this, { method: 'POST', path: '/v1/webhook', body }, context, WRITE);
	const webhook = readWebhook(context, response);
	if (typeof webhook.id !== 'string' || webhook.id === '' || typeof webhook.secret !== 'string' || webhook.secret === '') {
		throw malformedResponseError(context, response.statusCode, 'without the webhook’s ID and signing secret');
	}
	const staticData = this.getWorkflowStaticData('node');
	const registration: Registration = {
		webhookId: webhook.id,
		webhookSecret: webhook.secret,
		webhookUrl: url,
		webhookEvents: strings(webhook.events) ?? events,
	};
	Object.assign(staticData, registration);
	recordForNode.call(this, webhook.id);
	this.logger.info(`Registered SpherePay webhook ${webhook.id} for ${url}`);
	return true;
}

/**
 * delete: SpherePay documents no way to delete a webhook, so the registration is kept, and
 * activating the workflow again reuses it instead of taking another of the account's ten.
 */
export function keepRegistration(this: IHookFunctions): boolean {
	const stored = storedRegistration(this.getWorkflowStaticData('node'));
	if (stored) {
		this.logger.info(
			`SpherePay webhook ${stored.webhookId} stays registered (SpherePay's API cannot delete it); activating the workflow again reuses it. Delete it in ${DASHBOARD} if the workflow is deleted.`,
		);
	}
	return true;
}
