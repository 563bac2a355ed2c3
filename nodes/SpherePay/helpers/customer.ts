import type { IDataObject } from 'n8n-workflow';

import { malformedResponseError, type ResponseContext } from './errors';
import type { SpherePayResponse } from '../transport';

export type VerificationStatus = 'incomplete' | 'pending' | 'approved' | 'rejected';

/**
 * Where a customer's verification stands, from its `verificationProfiles[].status`: approved
 * when any profile is approved (the customer can transact on that rail); else pending when any
 * is under review; else rejected when any was rejected; else incomplete, also with no profile.
 */
export function verificationStatus(customer: IDataObject): VerificationStatus {
	const profiles = Array.isArray(customer.verificationProfiles) ? customer.verificationProfiles : [];
	const statuses = new Set(profiles.map((profile) => (profile as IDataObject | null)?.status));
	for (const status of ['approved', 'pending', 'rejected'] as const) if (statuses.has(status)) return status;
	return 'incomplete';
}

/** The customer exactly as SpherePay returned it, plus `verificationStatus`; fails on an answer without a customer. */
export function readCustomer(context: ResponseContext, response: SpherePayResponse): IDataObject {
	const body = response.body;
	if (typeof body !== 'object' || body === null || Array.isArray(body) || typeof (body as IDataObject).id !== 'string') {
		throw malformedResponseError(context, response.statusCode, 'without a customer');
	}
	return withVerificationStatus(body as IDataObject);
}

export const withVerificationStatus = (customer: IDataObject): IDataObject => ({
	...customer,
	verificationStatus: verificationStatus(customer),
});

export interface CustomerListPage {
	/** The page's customers that have an ID. */
	customers: IDataObject[];
	/** Whether SpherePay says another page follows. */
	hasNext: boolean;
	/** How many pages the list has, when SpherePay says so with a whole number of at least 1. */
	totalPages?: number;
}

/**
 * One page of `GET /v2/customer`. A page that claims a next page but is empty ends in an
 * error rather than a loop.
 */
export function readCustomerListPage(context: ResponseContext, response: SpherePayResponse, page: number): CustomerListPage {
	const body = response.body as { customers?: unknown; pagination?: { hasNext?: unknown; totalPages?: unknown } } | undefined;
	if (typeof body !== 'object' || body === null || !Array.isArray(body.customers)) {
		throw malformedResponseError(context, response.statusCode, `without a customer list (page ${page})`);
	}
	const customers = (body.customers as unknown[]).filter(
		(customer): customer is IDataObject =>
			typeof customer === 'object' && customer !== null && typeof (customer as IDataObject).id === 'string',
	);
	const hasNext = body.pagination?.hasNext === true;
	if (hasNext && customers.length === 0) {
		throw malformedResponseError(context, response.statusCode, `an empty page ${page} that claims a next page`);
	}
	const totalPages = body.pagination?.totalPages;
	return { customers, hasNext, totalPages: Number.isSafeInteger(totalPages) && (totalPages as number) >= 1 ? (totalPages as number) : undefined };
}
