import type { IDataObject, IHookFunctions, INode } from 'n8n-workflow';

import type { SpherePayAccount } from './account';
import { isObject, nonEmpty, strings } from '../shared/helpers/json';

/**
 * One webhook this node registered (or found) at one SpherePay account: the base URL its
 * credential reaches and a fingerprint of its API key. Kept for every account the node has
 * used, in the workflow's global static data by the node's webhook ID (the one in its URL,
 * which renaming the node does not change), so that switching the credential back reuses the
 * webhook registered there. The signing secret is sealed (see account.ts).
 */
export interface WebhookRecord {
	node: string;
	origin: string;
	keyFingerprint: string;
	webhookId: string;
	sealedSecret: string;
	/** The URL it was registered with (this node's Production URL at the time). */
	webhookUrl: string;
	/** The events SpherePay sends it, as registered or as last read from SpherePay. */
	webhookEvents: string[];
}

const REGISTRATIONS_KEY = 'spherePayWebhooks';

/** Where the previous release kept its one registration (secret in plain text, no account): read once, then removed. */
const LEGACY_KEYS = ['webhookId', 'webhookSecret', 'webhookUrl', 'webhookEvents'] as const;
const LEGACY_INDEX_KEY = 'spherePayWebhookIds';


function asRecord(value: unknown): WebhookRecord | undefined {
	if (!isObject(value)) return undefined;
	const [node, origin, keyFingerprint, webhookId, sealedSecret] = [value.node, value.origin, value.keyFingerprint, value.webhookId, value.sealedSecret].map(nonEmpty);
	if (!node || origin === undefined || !keyFingerprint || !webhookId || !sealedSecret) return undefined;
	const webhookUrl = typeof value.webhookUrl === 'string' ? value.webhookUrl : '';
	return { node, origin, keyFingerprint, webhookId, sealedSecret, webhookUrl, webhookEvents: strings(value.webhookEvents) ?? [] };
}

/** Every registration in the workflow's global static data. */
export function storedRecords(global: IDataObject): WebhookRecord[] {
	const list = global[REGISTRATIONS_KEY];
	return Array.isArray(list) ? list.map(asRecord).filter((record): record is WebhookRecord => record !== undefined) : [];
}

type AccountKey = Pick<SpherePayAccount, 'origin' | 'keyFingerprint'>;

export const sameAccount = (a: AccountKey, b: AccountKey) => a.origin === b.origin && a.keyFingerprint === b.keyFingerprint;

/** The node's webhook ID (n8n gives every webhook node one); its name only if there is none. */
export function nodeKey(node: INode): string {
	return node.webhookId || `name:${node.name}`;
}

/**
 * What activations in this n8n process registered, by workflow, node and account. When
 * another node of the workflow fails to activate, n8n saves the static data it read before
 * the activation: this is how the next activation finds the webhook registered then.
 */
const registeredInProcess = new Map<string, WebhookRecord>();
const REMEMBERED_REGISTRATIONS = 1000;
const processKey = (workflowId: string | undefined, node: string, account: AccountKey) =>
	[workflowId ?? '', node, account.origin, account.keyFingerprint].join('\n');

export function rememberInProcess(workflowId: string | undefined, record: WebhookRecord) {
	const key = processKey(workflowId, record.node, record);
	registeredInProcess.delete(key);
	registeredInProcess.set(key, record);
	if (registeredInProcess.size > REMEMBERED_REGISTRATIONS) registeredInProcess.delete(registeredInProcess.keys().next().value as string);
}

/** The registration of this node at this account: static data first, then this process's memory. */
export function recordFor(global: IDataObject, workflowId: string | undefined, node: string, account: SpherePayAccount): WebhookRecord | undefined {
	return (
		storedRecords(global).find((record) => record.node === node && sameAccount(record, account)) ??
		registeredInProcess.get(processKey(workflowId, node, account))
	);
}

/** The previous release's registration of this node: its secret in plain text, its account unknown. */
export function legacyRegistration(staticData: IDataObject, global: IDataObject, node: string): { webhookId: string; webhookSecret?: string; webhookUrl?: string; webhookEvents?: string[] } | undefined {
	const index = global[LEGACY_INDEX_KEY];
	const indexed = isObject(index) && Object.hasOwn(index, node) ? nonEmpty(index[node]) : undefined;
	const webhookId = nonEmpty(staticData.webhookId) ?? indexed;
	if (!webhookId) return undefined;
	return {
		webhookId,
		webhookSecret: nonEmpty(staticData.webhookSecret),
		webhookUrl: nonEmpty(staticData.webhookUrl),
		webhookEvents: strings(staticData.webhookEvents),
	};
}

export function dropLegacy(staticData: IDataObject, global: IDataObject, node: string) {
	for (const key of LEGACY_KEYS) if (Object.hasOwn(staticData, key)) delete staticData[key];
	const index = global[LEGACY_INDEX_KEY];
	if (!isObject(index)) return;
	const rest = Object.fromEntries(Object.entries(index).filter(([key]) => key !== node));
	if (Object.keys(rest).length === 0) delete global[LEGACY_INDEX_KEY];
	else if (Object.keys(rest).length !== Object.keys(index).length) global[LEGACY_INDEX_KEY] = rest;
}

/** Replaces `replaced` (and any record of the same node and account) with `record`; writes only a change, so that n8n saves only then. */
export function keepRecord(global: IDataObject, record: WebhookRecord, replaced?: WebhookRecord) {
	const records = storedRecords(global);
	const others = records.filter(
		(r) => !(r.node === record.node && sameAccount(r, record)) && !(replaced && r.node === replaced.node && r.webhookId === replaced.webhookId && sameAccount(r, replaced)),
	);
	const next = [...others, record];
	if (JSON.stringify(next) !== JSON.stringify(records)) global[REGISTRATIONS_KEY] = next;
}

export function dropRecord(this: IHookFunctions, global: IDataObject, record: WebhookRecord) {
	const records = storedRecords(global);
	const rest = records.filter((r) => !(r.node === record.node && sameAccount(r, record)));
	if (rest.length !== records.length) global[REGISTRATIONS_KEY] = rest;
	registeredInProcess.delete(processKey(this.getWorkflow().id, record.node, record));
}
