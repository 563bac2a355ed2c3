import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { verificationStatus, type VerificationStatus } from '../shared/helpers/customer';
import { isObject } from '../shared/helpers/json';

/** SpherePay's documented customer events; `*` subscribes to every event, customer or not. */
export const CUSTOMER_EVENTS: INodePropertyOptions[] = [
	{ name: 'customer.create', value: 'customer.create', description: 'A customer was created' },
	{
		name: 'customer.kyc.additionalReviewRequired',
		value: 'customer.kyc.additionalReviewRequired',
		description: 'SpherePay needs an additional review of the customer’s verification',
	},
	{ name: 'customer.kyc.pending', value: 'customer.kyc.pending', description: 'The customer’s verification is under review' },
	{ name: 'customer.kyc.rejected', value: 'customer.kyc.rejected', description: 'The customer’s verification was rejected' },
	{
		name: 'customer.kyc.successful',
		value: 'customer.kyc.successful',
		description: 'The customer’s verification was approved',
	},
	{ name: 'customer.tos.pending', value: 'customer.tos.pending', description: 'The terms of service await the customer' },
	{ name: 'customer.tos.successful', value: 'customer.tos.successful', description: 'The customer accepted the terms of service' },
	{ name: 'customer.update', value: 'customer.update', description: 'A customer’s details changed' },
];

export const ALL_EVENTS = '*';

/** How many event IDs a trigger remembers to recognise a delivery it already started a run for. */
export const REMEMBERED_EVENT_IDS = 1000;

/** The outcome a KYC event announces, for payloads that carry no verification profiles. */
const STATUS_OF_EVENT: Record<string, VerificationStatus> = {
	'customer.kyc.pending': 'pending',
	'customer.kyc.successful': 'approved',
	'customer.kyc.rejected': 'rejected',
};

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** The event's name: `name` in SpherePay's reference, `type` in one of its guides. */
export const eventName = (event: IDataObject): string | undefined => text(event.name) ?? text(event.type);

export const eventId = (event: IDataObject): string | undefined => text(event.id);

/** Whether the trigger's selection (event names, or `*`) includes this event. */
export function isSelected(selected: string[], name: string | undefined): boolean {
	return selected.includes(ALL_EVENTS) || (name !== undefined && selected.includes(name));
}

/**
 * The customer an event is about: `data.customer` (as documented events carry their object,
 * e.g. `wallet.create` → `data.wallet`), or `data` itself when it is a customer (a customer
 * event, or an ID that starts with `customer_`).
 */
function customerOf(name: string | undefined, data: IDataObject | undefined): IDataObject | undefined {
	if (!data) return undefined;
	if (isObject(data.customer)) return data.customer;
	const id = text(data.id);
	if (id !== undefined && (name?.startsWith('customer.') || id.startsWith('customer_'))) return data;
	return undefined;
}

/**
 * One output item for an event, in either documented shape (`{id, name, data, created, …}` or
 * `{id, type, createdAt, data}`). `verificationStatus` is the customer's, derived from its
 * verification profiles as Get Customer does; without profiles, the outcome a
 * `customer.kyc.pending|successful|rejected` event announces; otherwise null.
 */
export function eventItem(event: IDataObject): IDataObject {
	const name = eventName(event);
	const customer = customerOf(name, isObject(event.data) ? event.data : undefined);
	const occurredAt = [event.created, event.createdAt].find((value) => typeof value === 'string' || typeof value === 'number');
	const status =
		customer && Array.isArray(customer.verificationProfiles)
			? verificationStatus(customer)
			: (name !== undefined ? STATUS_OF_EVENT[name] : undefined);
	return {
		event: name ?? null,
		eventId: eventId(event) ?? null,
		occurredAt: occurredAt ?? null,
		customerId: (customer && text(customer.id)) ?? null,
		verificationStatus: status ?? null,
		customer: customer ?? null,
		payload: event,
	};
}

/**
 * Event IDs this n8n process started a run for, per trigger node (most recently used last).
 * Static data alone is not enough: n8n 2.41 serves production webhooks from a cached copy of
 * the published workflow, so what one delivery saves is not seen by the next until n8n
 * restarts. Bounded like static data, for at most REMEMBERED_NODES nodes.
 */
const recentInProcess = new Map<string, string[]>();
const REMEMBERED_NODES = 100;

const storedIds = (staticData: IDataObject): string[] =>
	Array.isArray(staticData.recentEventIds)
		? (staticData.recentEventIds as unknown[]).filter((entry): entry is string => typeof entry === 'string')
		: [];

/**
 * Whether an event with this `id` already started a run of the node `nodeKey`, by its static
 * data or by this process's memory; if not, records it in both. The static data list is
 * replaced, not changed in place, so that n8n sees it change and saves it; the oldest IDs go
 * first once there are REMEMBERED_EVENT_IDS.
 */
export function seenBefore(staticData: IDataObject, nodeKey: string, id: string): boolean {
	const stored = storedIds(staticData);
	const inProcess = recentInProcess.get(nodeKey) ?? [];
	if (stored.includes(id) || inProcess.includes(id)) return true;
	staticData.recentEventIds = [...stored, id].slice(-REMEMBERED_EVENT_IDS);
	recentInProcess.delete(nodeKey);
	recentInProcess.set(nodeKey, [...inProcess, id].slice(-REMEMBERED_EVENT_IDS));
	if (recentInProcess.size > REMEMBERED_NODES) recentInProcess.delete(recentInProcess.keys().next().value as string);
	return false;
}
