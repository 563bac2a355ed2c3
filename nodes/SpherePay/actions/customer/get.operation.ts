import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { customerErrors, customerIdProperties, readCustomerId } from '../../helpers/customerId';
import { fieldsOf } from '../../helpers/fields';
import { requestOptions } from '../../helpers/options';
import { customerOutput, simplifyProperty } from '../../helpers/simplify';
import type { ItemInput, OperationModule, PreparedItem } from '../types';
import { readCustomer } from '../../../shared/transport/responses/customer';

export const option: OperationModule['option'] = {
	name: 'Get Customer',
	value: 'get',
	action: 'Get customer and KYC status by ID',
	description: 'Look up one customer by ID: returns who they are and their verification (KYC) status, overall and per profile',
};

export const properties: INodeProperties[] = [
	...customerIdProperties({ description: 'The customer to retrieve' }),
	simplifyProperty,
	{
		displayName:
			'The output is the customer as SpherePay returns it, plus verificationStatus: approved, pending (under review), rejected or incomplete, for an IF or Switch node',
		name: 'verificationNotice',
		type: 'notice',
		default: '',
		// Versions 1 and 2 have no Simplify: there the notice always shows.
		displayOptions: { hide: { [simplifyProperty.name]: [true] } },
	},
	requestOptions(),
];

const field = fieldsOf(properties);

const NOT_FOUND = {
	message: 'SpherePay has no customer with this ID',
	fix: 'Check the ID: pick the customer from the list, or find their ID with Get Many (by email or name).',
};

// A read: safe to repeat.
export const repeatable = true;

export function prepare(this: IExecuteFunctions, { itemIndex }: ItemInput): PreparedItem {
	const id = readCustomerId.call(this, itemIndex, field('customerId'));
	const output = customerOutput.call(this, itemIndex);
	return {
		errors: customerErrors(field('customerId'), NOT_FOUND),
		run: async ({ context, send }) => output(readCustomer(context, await send({ method: 'GET', path: `/v2/customer/${id}` }))),
	};
}
