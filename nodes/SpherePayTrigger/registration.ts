import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { openSecret, sealSecret, type SpherePayAccount } from './account';
import { currentAccount, eventsToRegister, isEditorTest, missingEvents } from './activation';
import { dropLegacy, dropRecord, keepRecord, legacyRegistration, nodeKey, recordFor, rememberInProcess, sameAccount, storedRecords, type WebhookRecord } from './records';
import { DASHBOARD, limitReached, lookUp, readWebhook, WEBHOOK_LIMIT } from './webhookApi';
import { malformedResponseError } from '../shared/helpers/responseErrors';
import type { ResponseContext } from '../shared/helpers/spherePayError';
import { nonEmpty, strings } from '../shared/helpers/json';
import { clip } from '../shared/helpers/text';
import { requestOutsideRun } from '../shared/transport';
import { ACTIVATION_WRITE as WRITE } from '../shared/transport/retry';

/** `create` is never reached for the Test URL (checkExists answers first); refused if it were. */
function refuseTestUrl(this: IHookFunctions): void {
	if (!isEditorTest(this)) return;
	throw new NodeOperationError(this.getNode(), 'Automatic registration does not register the Test URL', {
		description: `SpherePay allows ${WEBHOOK_LIMIT} webhooks per account and its API cannot delete one, so this node registers only its Production URL, when the workflow is published. To listen here, choose Registration: Manual and add this node’s Test URL as a webhook in ${DASHBOARD}.`,
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

interface Found {
	id: string;
	webhook: IDataObject;
	/** The secret this node holds for it, if it can read one. */
	knownSecret?: string;
	knownEvents?: string[];
	knownUrl?: string;
	/** The record it replaces (another API key's, or this one's). */
	replaces?: WebhookRecord;
}

/**
 * Takes over a webhook SpherePay still has: it must send to this node's Production URL (false
 * otherwise: a new one is registered) and every selected event (an error otherwise: SpherePay's
 * API cannot change a webhook, and a second one on the same URL would take another of the
 * account's ten). SpherePay's secret and events count over what was stored (changed in the
 * dashboard since). The registration is kept for this account, its secret sealed.
 */
function takeOver(this: IHookFunctions, found: Found, account: SpherePayAccount, url: string, selected: string[]): boolean {
	const { id, webhook } = found;
	const global = this.getWorkflowStaticData('global');
	const registeredUrl = typeof webhook.url === 'string' ? webhook.url : found.knownUrl;
	if (registeredUrl !== url) {
		this.logger.warn(
			`SpherePay webhook ${id} sends to ${registeredUrl}, not to this node's URL ${url}: registering a new one. Delete ${id} in ${DASHBOARD} if nothing uses it.`,
		);
		if (found.replaces) dropRecord.call(this, global, found.replaces);
		return false;
	}
	const secret = nonEmpty(webhook.secret) ?? found.knownSecret;
	if (!secret) {
		throw new NodeOperationError(this.getNode(), `The signing secret of SpherePay webhook ${clip(id, 100)} cannot be read with this API key`, {
			description: `The stored secret is encrypted with the API key webhook ${id} was registered with, and SpherePay did not show it again. Either put the API key it was registered with back into the credential, or delete webhook ${id} in ${DASHBOARD} (the next activation registers a new one), or choose Registration: Manual with the secret the dashboard shows.`,
		});
	}
	const registeredEvents = strings(webhook.events) ?? found.knownEvents ?? [];
	const missing = missingEvents(selected, registeredEvents);
	if (missing.length > 0) {
		throw new NodeOperationError(this.getNode(), `SpherePay webhook ${clip(id, 100)} does not send ${missing.join(', ')}`, {
			description: `It was registered for ${registeredEvents.join(', ') || 'no events'}, and SpherePay’s API cannot change its events. In ${DASHBOARD}, add the missing events to webhook ${id}, or delete it (the next activation registers a new one), then activate again; or select only events it sends.`,
		});
	}
	if (webhook.active === false) {
		this.logger.warn(`SpherePay webhook ${id} is not active: SpherePay sends nothing until it is enabled in ${DASHBOARD}`);
	}
	const node = nodeKey(this.getNode());
	const kept = found.replaces && sameAccount(found.replaces, account) && found.knownSecret === secret ? found.replaces.sealedSecret : undefined;
	const record: WebhookRecord = {
		node,
		origin: account.origin,
		keyFingerprint: account.keyFingerprint,
		webhookId: id,
		// Sealed again only when it changed: a new seal differs every time, and n8n would save it.
		sealedSecret: kept ?? sealSecret(account, id, secret),
		webhookUrl: url,
		webhookEvents: registeredEvents,
	};
	keepRecord(global, record, found.replaces);
	rememberInProcess(this.getWorkflow().id, record);
	return true;
}

/**
 * checkExists: whether SpherePay, at the account the credential reaches, still has the webhook
 * this node registered there. Looked for in turn: this account's registration (static data,
 * then what an activation rolled back by n8n registered in this process); one registered at
 * the same base URL with another API key (a rotated key: SpherePay shows the secret again);
 * the previous release's plain-text registration. Registrations at other accounts are kept
 * and never looked up here (their IDs mean nothing to this one): switching back reuses them.
 */
export async function registrationExists(this: IHookFunctions): Promise<boolean> {
	if (isEditorTest(this)) return true;
	const account = await currentAccount.call(this);
	const url = productionUrl.call(this);
	const selected = selectedEvents.call(this);
	const node = nodeKey(this.getNode());
	const global = this.getWorkflowStaticData('global');
	const staticData = this.getWorkflowStaticData('node');
	const workflowId = this.getWorkflow().id;

	const own = recordFor(global, workflowId, node, account);
	if (own) {
		const webhook = await lookUp.call(this, own.webhookId);
		if (webhook) {
			const found = { id: own.webhookId, webhook, knownSecret: openSecret(account, own.webhookId, own.sealedSecret), knownEvents: own.webhookEvents, knownUrl: own.webhookUrl, replaces: own };
			const reused = takeOver.call(this, found, account, url, selected);
			if (reused) dropLegacy(staticData, global, node);
			return reused;
		}
		this.logger.info(`SpherePay at ${account.origin} has no webhook ${own.webhookId} any more (deleted in that environment’s dashboard?): registering a new one there`);
		dropRecord.call(this, global, own);
		return false;
	}

	const records = storedRecords(global).filter((record) => record.node === node);
	for (const other of records.filter((record) => record.origin === account.origin && record.keyFingerprint !== account.keyFingerprint)) {
		// Another API key at the same base URL: the same account if SpherePay shows this key the webhook.
		const webhook = await lookUp.call(this, other.webhookId);
		if (webhook && webhook.url === url) {
			this.logger.info(`SpherePay webhook ${other.webhookId} was registered with another API key of this account: reusing it`);
			return takeOver.call(this, { id: other.webhookId, webhook, knownEvents: other.webhookEvents, knownUrl: other.webhookUrl, replaces: other }, account, url, selected);
		}
	}

	const legacy = legacyRegistration(staticData, global, node);
	if (legacy) {
		const webhook = await lookUp.call(this, legacy.webhookId);
		dropLegacy(staticData, global, node);
		if (webhook) {
			return takeOver.call(this, { id: legacy.webhookId, webhook, knownSecret: legacy.webhookSecret, knownEvents: legacy.webhookEvents, knownUrl: legacy.webhookUrl }, account, url, selected);
		}
		this.logger.info(
			`SpherePay at ${account.origin} has no webhook ${legacy.webhookId} (from an earlier version of this node: another environment, or deleted since): registering a new one here. If another environment has it, delete it in that environment’s dashboard (Settings → Webhooks).`,
		);
	}

	for (const other of records.filter((record) => record.origin !== account.origin)) {
		this.logger.info(
			`SpherePay webhook ${other.webhookId} stays registered at ${other.origin} (SpherePay’s API cannot delete it); its events are refused (401) while the credential points at ${account.origin}, and switching back reuses it. If nothing will use it, delete it in that environment’s dashboard (Settings → Webhooks).`,
		);
	}
	return false;
}

/**
 * create: registers this node's Production URL for the selected events with
 * `POST /v1/webhook` and keeps the webhook's ID and sealed signing secret for this account.
 */
export async function register(this: IHookFunctions): Promise<boolean> {
	refuseTestUrl.call(this);
	const account = await currentAccount.call(this);
	const url = productionUrl.call(this);
	const events = eventsToRegister(selectedEvents.call(this));
	const workflow = this.getWorkflow();
	const node = this.getNode();
	const body = {
		name: clip(`n8n: ${workflow.name ?? workflow.id ?? 'workflow'} / ${node.name}`, 400),
		description: clip(
			`Registered by n8n for workflow ${workflow.id ?? ''} (node "${node.name}"). Delete it here once that workflow is deleted.`,
			400,
		),
		url,
		events,
	};
	const labels = new Map([
		['/url', 'Webhook URL'],
		['/events', 'Events'],
		['/name', 'Name'],
		['/description', 'Description'],
	]);
	const context: ResponseContext = {
		node,
		labelForPointer: (pointer) => labels.get(pointer.replace(/\/\d+$/, '')),
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
	const record: WebhookRecord = {
		node: nodeKey(node),
		origin: account.origin,
		keyFingerprint: account.keyFingerprint,
		webhookId: webhook.id,
		sealedSecret: sealSecret(account, webhook.id, webhook.secret),
		webhookUrl: url,
		webhookEvents: strings(webhook.events) ?? events,
	};
	// In this process first: if n8n rolls this activation back, static data loses the record.
	rememberInProcess(workflow.id, record);
	const global = this.getWorkflowStaticData('global');
	keepRecord(global, record);
	dropLegacy(this.getWorkflowStaticData('node'), global, record.node);
	this.logger.info(`Registered SpherePay webhook ${webhook.id} for ${url} at ${account.origin}`);
	return true;
}

/**
 * delete: SpherePay documents no way to delete a webhook, so the registration is kept, and
 * activating the workflow again reuses it instead of taking another of the account's ten.
 */
export async function keepRegistration(this: IHookFunctions): Promise<boolean> {
	const node = nodeKey(this.getNode());
	for (const record of storedRecords(this.getWorkflowStaticData('global')).filter((r) => r.node === node)) {
		this.logger.info(
			`SpherePay webhook ${record.webhookId} stays registered at ${record.origin} (SpherePay’s API cannot delete it); activating again reuses it. Delete it in ${DASHBOARD} if the workflow is deleted.`,
		);
	}
	return true;
}
