import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as customer from './actions/customer/Customer.resource';
import { router } from './actions/router';
import { searchCustomers } from './methods/listSearch';
import { getCreateCustomerFields } from './methods/resourceMapping';
import { CREDENTIAL_TYPE } from '../shared/constants';

export class SpherePay implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SpherePay',
		name: 'spherePay',
		icon: { light: 'file:spherePay.svg', dark: 'file:spherePay.dark.svg' },
		group: ['transform'],
		// 2: Customer ID is a picker (From list / By ID); version 1 workflows keep a plain string.
		// 3: Create Customer via Link maps its fields with n8n's resource mapper.
		version: [1, 2, 3],
		defaultVersion: 3,
		// A literal, as n8n's verification scanner requires; a unit test keeps it in step with
		// the operations' names.
		subtitle:
			'={{ {"createViaLink":"Create Customer via Link","createTosLink":"Create Terms of Service Link","get":"Get Customer","getAll":"Get Many","regenerateKycLink":"Regenerate KYC Link"}[$parameter["operation"]] }}',
		// Also what an agent gets for the tool when its description is set manually.
		description:
			'Onboard customers with SpherePay hosted KYC links: create a customer and get their link, send a new link when it expired, and look up customers and their verification status',
		defaults: { name: 'SpherePay' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Customer', value: 'customer' }],
				default: 'customer',
			},
			...customer.description,
		],
	};

	methods = { listSearch: { searchCustomers }, resourceMapping: { getCreateCustomerFields } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
