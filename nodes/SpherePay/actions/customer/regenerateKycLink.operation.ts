import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { customerErrors, customerIdProperties, readCustomerId } from '../../helpers/customerId';
import { fieldsOf } from '../../helpers/fields';
import { requestOptions } from '../../helpers/options';
import type { ItemInput, OperationModule, PreparedItem } from '../types';
import { readKycLink } from '../../../shared/transport/responses/kycLink';

export const option: OperationModule['option'] = {
	name: 'Regenerate KYC Link',
	value: 'regenerateKycLink',
	action: 'Regenerate KYC link when it expired',
	description: 'Get a new hosted KYC URL for a customer created via link whose link expired: needs the customer ID; returns the URL and its expiry',
};

export const properties: INodeProperties[] = [
	...customerIdProperties({
		description: 'The customer to send a new link to',
		hint: 'Only customers created via an onboarding link can get a new link',
	}),
	requestOptions(),
];

const field = fieldsOf(properties);

const NOT_FOUND = {
	message: 'SpherePay has no onboarding-link customer with this ID',
	fix: 'The customer does not exist, or was not created through the onboarding-link flow (Create Customer via Link), the only customers who can get a KYC link.',
};

// A second regenerate only issues another link: safe to repeat.
export const repeatable = true;

export function prepare(this: IExecuteFunctions, { itemIndex }: ItemInput): PreparedItem {
	const id = readCustomerId.call(this, itemIndex, field('customerId'));
	return {
		errors: customerErrors(field('customerId'), NOT_FOUND),
		run: async ({ context, send }) => readKycLink(context, await send({ method: 'POST', path: `/v2/customer/${id}/kyc-link` })),
	};
}
