import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { customerErrors, customerIdProperties, readCustomerId } from '../../helpers/customerId';
import { fieldsOf } from '../../helpers/fields';
import { requestOptions } from '../../helpers/options';
import type { ItemInput, OperationModule, PreparedItem } from '../types';
import { quote } from '../../../shared/helpers/text';
import { readTosLink } from '../../../shared/transport/responses/tosLink';

export const option: OperationModule['option'] = {
	name: 'Create Terms of Service Link',
	value: 'createTosLink',
	action: 'Create Terms of Service link for customer',
	description: 'Get a hosted link where a customer accepts SpherePay’s Terms of Service: needs the customer ID; returns the link and its expiry',
};

export const properties: INodeProperties[] = [
	...customerIdProperties({
		description: 'The customer who has to accept SpherePay’s Terms of Service',
		hint: 'Needed in SpherePay’s Sphere-Managed onboarding (the default): the customer cannot transact until they accept',
	}),
	requestOptions(),
];

const field = fieldsOf(properties);

// A second request only issues another link: safe to repeat.
export const repeatable = true;

export function prepare(this: IExecuteFunctions, { itemIndex }: ItemInput): PreparedItem {
	const id = readCustomerId.call(this, itemIndex, field('customerId'));
	const customerId = decodeURIComponent(id);
	return {
		errors: customerErrors(field('customerId'), {
			message: `SpherePay has no customer ${quote(customerId)}`,
			fix: 'Check the Customer ID, and that the credential is for the SpherePay environment (Production or Sandbox) the customer was created in.',
		}),
		run: async ({ context, send }) =>
			readTosLink(context, await send({ method: 'POST', path: `/v2/customer/${id}/tos-link` }), customerId),
	};
}
