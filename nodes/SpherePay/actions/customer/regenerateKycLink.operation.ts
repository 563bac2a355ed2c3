import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ResponseContext } from '../../helpers/errors';
import { fieldsOf } from '../../helpers/fields';
import { readKycLink } from '../../helpers/kycLink';
import { readOptions, requestOptions, requestSettings } from '../../helpers/options';
import { customerIdSegment } from '../../helpers/validation';
import type { OperationCall, OperationModule } from '../types';

export const option: OperationModule['option'] = {
	name: 'Regenerate KYC Link',
	value: 'regenerateKycLink',
	action: 'Regenerate a KYC link',
	description: 'Get a fresh hosted KYC link for a customer whose link expired',
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Customer ID',
		name: 'customerId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. customer_f31121c389624d3697cbf3ea8830b7a4',
		description: 'The customerId returned by Create Customer via Link',
		hint: 'Only customers created via an onboarding link can get a new link',
	},
	requestOptions(),
];

const field = fieldsOf(properties);

const NOT_FOUND = {
	message: 'SpherePay has no onboarding-link customer with this ID',
	fix: 'The customer does not exist, or was not created through the onboarding-link flow (Create Customer via Link); customers from SpherePay’s other onboarding flows cannot get a KYC link.',
};

export function prepare(this: IExecuteFunctions, itemIndex: number): OperationCall {
	const id = customerIdSegment(field('customerId'), this.getNodeParameter('customerId', itemIndex, ''));
	const options = readOptions.call(this, itemIndex);
	const context: ResponseContext = {
		node: this.getNode(),
		itemIndex,
		labelForPointer: () => undefined,
		labelForParameter: (parameter) => (parameter === 'id' ? field('customerId').label : undefined),
		notFound: NOT_FOUND,
	};
	return {
		request: { method: 'POST', path: `/v2/customer/${id}/kyc-link` },
		context,
		// A second regenerate only issues another link: safe to repeat.
		policy: { ...requestSettings(options), repeatable: true },
		read: (response) => readKycLink(context, response),
	};
}
