import type { ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { mapperFields } from '../actions/customer/createViaLink.operation';

/** Create Customer via Link's fields for the resource mapper: nothing to ask SpherePay. */
export async function getCreateCustomerFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	return { fields: mapperFields };
}
