import type { IDataObject } from 'n8n-workflow';

import { withVerificationStatus } from '../../helpers/customer';
import { malformedResponseError } from '../../helpers/responseErrors';
import type { ResponseContext } from '../../helpers/spherePayError';
import type { SpherePayResponse } from '../index';

/** The customer exactly as SpherePay returned it, plus `verificationStatus`; fails on an answer without a customer. */
export function readCustomer(context: ResponseContext, response: SpherePayResponse): IDataObject {
	const body = response.body;
	if (typeof body !== 'object' || body === null || Array.isArray(body) || typeof (body as IDataObject).id !== 'string') {
		throw malformedResponseError(context, response.statusCode, 'without a customer');
	}
	return withVerificationStatus(body as IDataObject);
}

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
