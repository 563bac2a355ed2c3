import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { customerIdSegment, FieldValidationError, type Field } from './validation';
import type { ResponseContext } from '../../shared/helpers/spherePayError';

const CUSTOMER_ID_EXAMPLE = 'e.g. customer_f31121c389624d3697cbf3ea8830b7a4';

/**
 * The customer an operation acts on: a plain Customer ID in node version 1, a picker (From
 * List, searching SpherePay's customers, or By ID) from version 2. Both are `customerId`.
 */
export function customerIdProperties({ description, hint }: { description: string; hint?: string }): INodeProperties[] {
	return [
		{
			displayName: 'Customer ID',
			name: 'customerId',
			type: 'string',
			required: true,
			default: '',
			placeholder: CUSTOMER_ID_EXAMPLE,
			description: 'The customerId returned by Create Customer via Link',
			...(hint ? { hint } : {}),
			displayOptions: { show: { '@version': [1] } },
		},
		{
			displayName: 'Customer',
			name: 'customerId',
			type: 'resourceLocator',
			required: true,
			default: { mode: 'list', value: '' },
			description,
			...(hint ? { hint } : {}),
			displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] } },
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					placeholder: 'Search by name or e-mail…',
					typeOptions: { searchListMethod: 'searchCustomers', searchable: true },
				},
				{
					displayName: 'By ID',
					name: 'id',
					type: 'string',
					placeholder: CUSTOMER_ID_EXAMPLE,
				},
			],
		},
	];
}

/** The item's customer ID, from either version's parameter, as one encoded path segment. */
export function readCustomerId(this: IExecuteFunctions, itemIndex: number, field: Field): string {
	// Version 1 stores a string, version 2 a picker value: extractValue reads both.
	return customerIdSegment(field, idFromUrl(field, this.getNodeParameter('customerId', itemIndex, '', { extractValue: true })));
}

const CUSTOMER_ID_IN_PATH = /(?:^|\/)(customer_[A-Za-z0-9]+)(?=\/|$)/;

/**
 * A URL that names a customer (SpherePay's API, the dashboard), as a model or a copied link
 * may give it in any mode of the picker, stands for the customer ID in its path.
 */
function idFromUrl(field: Field, value: unknown): unknown {
	if (typeof value !== 'string' || !/^https?:\/\//i.test(value.trim())) return value;
	let path = '';
	try {
		path = new URL(value.trim()).pathname;
	} catch {
		// Not a URL after all: checked as an ID.
		return value;
	}
	const id = CUSTOMER_ID_IN_PATH.exec(path)?.[1];
	if (id) return id;
	throw new FieldValidationError(
		field.name,
		`${field.label} is a URL that names no customer`,
		'Give the customer’s ID (customer_…), or a URL whose path contains it.',
	);
}

/**
 * What the errors of a request about one customer say: SpherePay's pointers at the path's
 * `id` name the customer field, and a 404 is explained as `notFound` says.
 */
export function customerErrors(field: Field, notFound: NonNullable<ResponseContext['notFound']>): Omit<ResponseContext, 'node' | 'itemIndex'> {
	return {
		labelForPointer: () => undefined,
		labelForParameter: (parameter) => (parameter === 'id' ? field.label : undefined),
		notFound,
	};
}
