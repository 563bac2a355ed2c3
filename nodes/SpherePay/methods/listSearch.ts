import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { SEARCH_MAX_LENGTH } from '../helpers/validation';
import type { ResponseContext } from '../../shared/helpers/spherePayError';
import { requestForEditor } from '../../shared/transport';
import { CustomerPager } from '../../shared/transport/pager';

/** Customers per page of the picker; the editor asks for the next page as the user scrolls. */
const PAGE_SIZE = 50;

interface ListedCustomer {
	id?: unknown;
	email?: unknown;
	firstName?: unknown;
	lastName?: unknown;
	businessTradeName?: unknown;
	businessLegalName?: unknown;
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/** "Ada Lovelace (ada@example.com)", "Acme (accounts@acme.example)", or what there is of it. */
export function customerLabel(customer: ListedCustomer): string {
	const person = [text(customer.firstName), text(customer.lastName)].filter(Boolean).join(' ');
	const name = person || text(customer.businessTradeName) || text(customer.businessLegalName);
	const email = text(customer.email);
	if (name && email) return `${name} (${email})`;
	return name ?? email ?? String(customer.id);
}

/** The Customer picker: SpherePay's own search over names and e-mail, newest first, page by page. */
export async function searchCustomers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = Math.max(1, Number(paginationToken ?? 1) || 1);
	const search = filter?.trim().slice(0, SEARCH_MAX_LENGTH);
	const context: ResponseContext = { node: this.getNode(), labelForPointer: () => undefined };
	const pager = new CustomerPager(
		async (request) => await requestForEditor.call(this, request, context),
		context,
		search ? { search } : {},
		PAGE_SIZE,
	);
	const { customers, hasNext } = await pager.page(page);
	return {
		results: customers.map((customer) => ({ name: customerLabel(customer), value: customer.id as string })),
		paginationToken: hasNext ? String(page + 1) : undefined,
	};
}
