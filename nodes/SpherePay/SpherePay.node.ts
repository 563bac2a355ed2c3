import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as customer from './actions/customer/Customer.resource';
import { router } from './actions/router';

const operationNames = Object.fromEntries(
	Object.values(customer.operations).map(({ option }) => [option.value, option.name]),
);

export class SpherePay implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SpherePay',
		name: 'spherePay',
		icon: { light: 'file:spherePay.svg', dark: 'file:spherePay.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: `={{ ${JSON.stringify(operationNames)}[$parameter["operation"]] }}`,
		description: 'Onboard customers with SpherePay hosted KYC links',
		defaults: { name: 'SpherePay' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'spherePayApi', required: true }],
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

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
