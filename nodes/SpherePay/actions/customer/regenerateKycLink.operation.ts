import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fieldsOf } from '../../helpers/fields';
import { readKycLink } from '../../helpers/kycLink';
import { requestOptions } from '../../helpers/options';
import { customerIdSegment } from '../../helpers/validation';
import type { ItemInput, OperationModule, PreparedItem } from '../types';

export const option: OperationModule['option'] = {
	name: 'Regenerate KYC Link',
	value: 'regenerateKycLink',
	action: 'Regenerate a KYC link',
	description: 'Get a fresh hosted KYC link for a customer whose link expired',
};

const HINT = 'Only customers created via an onboarding link can get a new link';

export const properties: INodeProperties[] = [
	{
		displayName: 'Customer ID',
		name: 'customerId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. customer_f31121c389624d3697cbf3ea8830b7a4',
		description: 'The customerId returned by Create Customer via Link',
		hint: HINT,
		displayOptions: { show: { '@version': [1] } },
	},
	{
		displayName: 'Customer',
		name: 'customerId',
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description: 'The customer to send a new link to',
		hint: HINT,
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
				placeholder: 'e.g. customer_f31121c389624d3697cbf3ea8830b7a4',
			},
		],
	},
	requestOptions(),
];

const field = fieldsOf(properties);

const NOT_FOUND = {
	message: 'SpherePay has no onboarding-link customer with this ID',
	fix: 'The customer does not exist, or was not created through the onboarding-link flow (Create Customer via Link); customers from SpherePay’s other onboarding flows cannot get a KYC link.',
};

// A second regenerate only issues another link: safe to repeat.
export const repeatable = true;

export function prepare(this: IExecuteFunctions, { itemIndex }: ItemInput): PreparedItem {
	// Version 1 stores a string, version 2 a picker value: extractValue reads both.
	const id = customerIdSegment(
		field('customerId'),
		this.getNodeParameter('customerId', itemIndex, '', { extractValue: true }),
	);
	return {
		errors: {
			labelForPointer: () => undefined,
			labelForParameter: (parameter) => (parameter === 'id' ? field('customerId').label : undefined),
			notFound: NOT_FOUND,
		},
		run: async ({ context, send }) => readKycLink(context, await send({ method: 'POST', path: `/v2/customer/${id}/kyc-link` })),
	};
}
