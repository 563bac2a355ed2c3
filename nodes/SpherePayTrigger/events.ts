import { createHash } from 'crypto';

import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { verificationStatus, type VerificationStatus } from '../shared/helpers/customer';
import { isObject, nonEmpty } from '../shared/helpers/json';

export const ALL_EVENTS = '*';

/** An event as the builder sees it: named in words, listed in the nodes panel as `On …`, with SpherePay's code in the description. */
const event = (name: string, value: string, description: string): INodePropertyOptions => ({
	name,
	value,
	action: `On ${name.toLowerCase()}`,
	description: `${description} (${value})`,
});

/** SpherePay's documented customer events, and `*` for every event, customer or not; sorted by name, as the editor lists them. */
export const CUSTOMER_EVENTS: INodePropertyOptions[] = [
	event('Additional Review Required', 'customer.kyc.additionalReviewRequired', 'SpherePay needs an additional review of the customer’s verification'),
	event('Any Event', ALL_EVENTS, 'Every event SpherePay sends, present and future'),
	event('Customer Created', 'customer.create', 'A customer was created'),
	event('Customer Updated', 'customer.update', 'A customer’s details changed'),
	event('Terms of Service Accepted', 'customer.tos.successful', 'The customer accepted the terms of service'),
	event('Terms of Service Pending', 'customer.tos.pending', 'The terms of service await the customer'),
	event('Verification Approved', 'customer.kyc.successful', 'The customer’s verification was approved'),
	event('Verification Rejected', 'customer.kyc.rejected', 'The customer’s verification was rejected'),
	event('Verification Under Review', 'customer.kyc.pending', 'The customer’s verification is under review'),
];

/** The outcome a KYC event announces, for payloads that carry no verification profiles. A Map: event names are SpherePay's data. */
const STATUS_OF_EVENT = new Map<string, VerificationStatus>([
	['customer.kyc.pending', 'pending'],
	['customer.kyc.successful', 'approved'],
	['customer.kyc.rejected', 'rejected'],
]);

/** The event's name: `name` in SpherePay's reference, `type` in one of its guides. */
export const eventName = (event: IDataObject): string | undefined => nonEmpty(event.name) ?? nonEmpty(event.type);

const eventId = (event: IDataObject): string | undefined => nonEmpty(event.id);

/** The event's name and ID for the log, quoted and cut: both come from outside. */
export const eventLabel = (event: IDataObject): string =>
	[eventName(event) ?? '(no name)', eventId(event) ?? '(no id)'].map((part) => JSON.stringify(part.slice(0, 100))).join(' ');

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
	const id = nonEmpty(data.id);
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
			: (name !== undefined ? STATUS_OF_EVENT.get(name) : undefined);
	return {
		event: name ?? null,
		eventId: eventId(event) ?? null,
		occurredAt: occurredAt ?? null,
		customerId: (customer && nonEmpty(customer.id)) ?? null,
		verificationStatus: status ?? null,
		customer: customer ?? null,
		payload: event,
	};
}

/** How long a delivery is remembered, and how old an event may be and still start a run, unless the node's option says otherwise. */
export const DEFAULT_MAX_EVENT_AGE_HOURS = 72;

/**
 * How many deliveries a trigger remembers at most in its static data (about 40 bytes each).
 * Past it, the oldest are forgotten first and events signed as no newer than them start
 * nothing either.
 */
export const REMEMBERED_DELIVERIES = 10_000;

/** How many deliveries this process remembers across all triggers (the most recently used triggers' first). */
export const REMEMBERED_IN_PROCESS = 100_000;

const HOUR_S = 3_600;

/** The event's signed time (`created`, or `createdAt` in the guide's shape) in whole seconds; numbers from 1e11 on are milliseconds. */
function eventTime(event: IDataObject): number | undefined {
	const value = [event.created, event.createdAt].find((v) => typeof v === 'string' || typeof v === 'number');
	const ms = typeof value === 'number' ? (value < 1e11 ? value * 1000 : value) : typeof value === 'string' ? Date.parse(value) : NaN;
	return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

/**
 * What a delivery is remembered by: the event's `id`, or, without one, the body as signed
 * (its JSON serialisation, which re-indenting does not change). 128 bits of SHA-256, base64url,
 * so that every entry has the same small size whatever the event carries.
 */
export function deliveryKey(event: IDataObject, serialised: string): string {
	const id = eventId(event);
	return createHash('sha256')
		.update(id !== undefined ? `id\n${id}` : `body\n${serialised}`)
		.digest()
		.subarray(0, 16)
		.toString('base64url');
}

/** Deliveries seen: key → the event's time (or, without one, when it arrived), in seconds; `floor`: events at or before it were forgotten early. */
interface Seen {
	entries: Map<string, number>;
	floor: number;
}

/**
 * Deliveries this n8n process started a run for, per trigger node. Static data alone is not
 * enough: n8n 2.41 serves production webhooks from a cached copy of the published workflow,
 * so what one delivery saves is not seen by the next until n8n restarts.
 */
const seenInProcess = new Map<string, Seen>();

function storedSeen(staticData: IDataObject, now: number): Seen {
	const entries = new Map<string, number>();
	if (Array.isArray(staticData.seenDeliveries)) {
		for (const entry of staticData.seenDeliveries as unknown[]) {
			if (Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'number') entries.set(entry[0], entry[1]);
		}
	}
	// The previous release's list of event IDs: remembered from now.
	if (Array.isArray(staticData.recentEventIds)) {
		for (const id of staticData.recentEventIds as unknown[]) if (typeof id === 'string') entries.set(deliveryKey({ id }, ''), now);
	}
	const floor = typeof staticData.seenFloor === 'number' ? staticData.seenFloor : 0;
	return { entries, floor };
}

type Admission = 'new' | 'repeated' | 'too old' | 'forgotten';

/**
 * Whether a verified delivery of `event` may start a run of the node `nodeKey`:
 * - `too old`: its signed time is more than `maxAgeHours` ago;
 * - `forgotten`: its signed time is no newer than deliveries forgotten early (over REMEMBERED_DELIVERIES);
 * - `repeated`: the same event (by `id`, or by body without one) was admitted within `maxAgeHours`,
 *   as static data or this process remembers;
 * - `new`: remembered in both from now on. Static data is replaced, not changed in place, so
 *   that n8n sees it change and saves it.
 */
export function admit(staticData: IDataObject, nodeKey: string, event: IDataObject, serialised: string, maxAgeHours: number, nowMs: number): Admission {
	const now = Math.floor(nowMs / 1000);
	const maxAge = maxAgeHours * HOUR_S;
	const time = eventTime(event);
	if (time !== undefined && now - time > maxAge) return 'too old';

	const stored = storedSeen(staticData, now);
	const inProcess = seenInProcess.get(nodeKey);
	const entries = new Map<string, number>();
	for (const source of [stored.entries, inProcess?.entries ?? new Map<string, number>()]) {
		for (const [key, at] of source) if (now - at <= maxAge && (entries.get(key) ?? -Infinity) < at) entries.set(key, at);
	}
	let floor = Math.max(stored.floor, inProcess?.floor ?? 0);
	if (time !== undefined && time <= floor) return 'forgotten';
	const key = deliveryKey(event, serialised);
	if (entries.has(key)) return 'repeated';

	entries.set(key, time ?? now);
	while (entries.size > REMEMBERED_DELIVERIES) {
		let oldest: [string, number] | undefined;
		for (const entry of entries) if (!oldest || entry[1] < oldest[1]) oldest = entry;
		entries.delete(oldest![0]);
		floor = Math.max(floor, oldest![1]);
	}
	staticData.seenDeliveries = [...entries];
	if (floor > 0) staticData.seenFloor = floor;
	if (Object.hasOwn(staticData, 'recentEventIds')) delete staticData.recentEventIds;
	seenInProcess.delete(nodeKey);
	seenInProcess.set(nodeKey, { entries, floor });
	let total = 0;
	for (const seen of seenInProcess.values()) total += seen.entries.size;
	for (const [other, seen] of seenInProcess) {
		if (total <= REMEMBERED_IN_PROCESS || other === nodeKey) break;
		seenInProcess.delete(other);
		total -= seen.entries.size;
	}
	return 'new';
}
