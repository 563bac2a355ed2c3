import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fieldsOf } from '../../helpers/fields';
import { concurrencyOf, requestOptions } from '../../helpers/options';
import { customerOutput, simplifyProperty } from '../../helpers/simplify';
import {
	EMAIL_MAX_LENGTH,
	FieldValidationError,
	SEARCH_MAX_LENGTH,
	validateOption,
	validateText,
} from '../../helpers/validation';
import type { ItemInput, OperationModule, PreparedItem } from '../types';
import {
	CUSTOMER_TYPES,
	customerTypeOptions,
	VERIFICATION_STATUSES,
	verificationStatusOptions,
	withVerificationStatus,
} from '../../../shared/helpers/customer';
import { CustomerPager } from '../../../shared/transport/pager';

export const option: OperationModule['option'] = {
	// n8n's naming rule for list operations: the scanner requires exactly "Get Many".
	name: 'Get Many',
	value: 'getAll',
	action: 'Get many customers by email, name or status',
	description: 'Find customers, newest first, by exact email, part of a name or email, type or verification status: returns each with their ID and verification status',
};

/** Customers asked for per page; SpherePay may send fewer (its maximum is undocumented). */
const PAGE_SIZE = 100;

const filterOptions: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		default: '',
		placeholder: 'e.g. jane.smith@example.com',
		description: 'Only the customer with exactly this email',
	},
	{
		displayName: 'Search',
		name: 'search',
		type: 'string',
		default: '',
		placeholder: 'e.g. Lovelace',
		description: 'Part of a first, last, business or trade name, or of an email',
	},
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		default: 'individual',
		options: customerTypeOptions(false),
	},
	{
		displayName: 'Verification Status',
		name: 'status',
		type: 'options',
		default: 'approved',
		description: 'Customers with a verification profile in this status',
		options: verificationStatusOptions(),
	},
];

export const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: filterOptions,
	},
	simplifyProperty,
	requestOptions(),
];

const field = fieldsOf([...properties, ...filterOptions]);
/** Query parameters SpherePay's errors may name, as the fields they come from. */
const QUERY_FIELDS = new Set(['limit', 'search', 'email', 'status', 'type']);

function readLimit(value: unknown): number {
	const limit = Number(value);
	if (!Number.isInteger(limit) || limit < 1) {
		throw new FieldValidationError('limit', 'Limit must be a whole number of at least 1', `Got ${JSON.stringify(value)}.`);
	}
	return limit;
}

/** The list's query filters, validated; empty ones are left out. */
function readFilters(filters: IDataObject): Record<string, string> {
	const qs: Record<string, string> = {};
	const search = validateText(field('search'), filters.search, { maxLength: SEARCH_MAX_LENGTH });
	if (search) qs.search = search;
	const email = validateText(field('email'), filters.email, { maxLength: EMAIL_MAX_LENGTH });
	if (email) qs.email = email;
	if (filters.status !== undefined && filters.status !== '') qs.status = validateOption(field('status'), filters.status, VERIFICATION_STATUSES);
	if (filters.type !== undefined && filters.type !== '') qs.type = validateOption(field('type'), filters.type, CUSTOMER_TYPES);
	return qs;
}

// A read: safe to repeat.
export const repeatable = true;

export function prepare(this: IExecuteFunctions, { itemIndex, options }: ItemInput): PreparedItem {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) === true;
	const limit = returnAll ? Infinity : readLimit(this.getNodeParameter('limit', itemIndex, 50));
	const qs = readFilters(this.getNodeParameter('filters', itemIndex, {}) as IDataObject);
	// One page size for every page: page N starts at (N − 1) × limit.
	const pageSize = Math.min(PAGE_SIZE, limit);
	const concurrency = concurrencyOf(options);
	const output = customerOutput.call(this, itemIndex);
	return {
		errors: {
			labelForPointer: () => undefined,
			labelForParameter: (parameter) => (QUERY_FIELDS.has(parameter) ? field(parameter).label : undefined),
		},
		run: async ({ context, send }) => {
			const seen = new Set<string>();
			const customers: IDataObject[] = [];
			await new CustomerPager(send, context, qs, pageSize).collect(limit, concurrency, ({ customers: listed }) => {
				// A customer created while paging shifts the pages: never output one twice.
				for (const customer of listed) {
					if (customers.length >= limit || seen.has(customer.id as string)) continue;
					seen.add(customer.id as string);
					customers.push(withVerificationStatus(customer));
				}
				return customers.length;
			});
			return customers.map(output);
		},
	};
}
