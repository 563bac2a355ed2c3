import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { simplifyCustomer } from '../../shared/helpers/customer';

/** Simplify exists from node version 3; earlier versions always output the full customer. */
const FROM_VERSION_3 = { show: { '@version': [{ _cnd: { gte: 3 } }] } };

export const simplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simple',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
	hint: 'Simplified: id, type, names, email, phone, verificationStatus, profileStatus (per profile), tosStatus and createdAt',
	displayOptions: FROM_VERSION_3,
};

/** How the item's customers are output: simplified when Simplify is on (version 3 and later), else as SpherePay returned them. */
export function customerOutput(this: IExecuteFunctions, itemIndex: number): (customer: IDataObject) => IDataObject {
	const simple = this.getNode().typeVersion >= 3 && this.getNodeParameter(simplifyProperty.name, itemIndex, true) !== false;
	return simple ? simplifyCustomer : (customer) => customer;
}
