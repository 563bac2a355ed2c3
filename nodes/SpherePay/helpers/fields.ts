import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from '../actions/types';
import type { ResponseContext } from '../../shared/helpers/spherePayError';
import { customerIdSegment, type Field } from './validation';

/**
 * Looks fields up by parameter name, so each label is written once, in the property. A
 * parameter defined once per node version is named by its first definition.
 */
export function fieldsOf(properties: INodeProperties[]): (name: string) => Field {
	const labels = new Map<string, string>();
	for (const property of properties) if (!labels.has(property.name)) labels.set(property.name, property.displayName);
	return (name) => {
		const label = labels.get(name);
		if (label === undefined) throw new Error(`No property named "${name}"`);
		return { name, label };
	};
}

/**
 * The Operation dropdown for a resource, followed by each operation's fields shown only for
 * it. The default is named, not taken from the list's order: saved workflows that never set
 * an operation run the default, so listing a new operation first must not change it.
 */
export function describeOperations(
	resource: string,
	operations: Record<string, OperationModule>,
	defaultOperation: string,
): INodeProperties[] {
	const modules = Object.values(operations);
	if (!modules.some((module) => module.option.value === defaultOperation)) {
		throw new Error(`The default operation "${defaultOperation}" is not among the ${resource} operations`);
	}
	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options: modules.map((module) => module.option),
			default: defaultOperation,
		},
		...modules.flatMap((module) =>
			updateDisplayOptions({ show: { resource: [resource], operation: [module.option.value] } }, module.properties),
		),
	];
}

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
	return customerIdSegment(field, this.getNodeParameter('customerId', itemIndex, '', { extractValue: true }));
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
