import type { INode } from 'n8n-workflow';

import { spherePayNode } from './tooling/workflows';

/** One realistic customer, as node parameters and as the request body SpherePay must receive. */
export const SAMPLE_FIELDS = {
	customerType: 'individual',
	email: 'jane.smith@example.com',
	phone: '+14155550123',
	addressLine1: '233 South Wacker Drive',
	addressLine2: 'Suite 4700',
	city: 'Chicago',
	state: 'IL',
	postalCode: '60606',
	country: 'USA',
};

export const SAMPLE_BODY = {
	type: 'individual',
	email: 'jane.smith@example.com',
	phone: '+14155550123',
	address: {
		line1: '233 South Wacker Drive',
		line2: 'Suite 4700',
		city: 'Chicago',
		state: 'IL',
		postalCode: '60606',
		country: 'USA',
	},
};

/** SpherePay's documented 422 example, plus an address pointer. */
export const SAMPLE_422 = {
	status: 422,
	detail: 'Validation failed',
	code: 'validation/failed',
	correlationId: '28c61e885c6e5eaa78c1a2183a9b883c',
	errors: [
		{ detail: 'Invalid email format', pointer: '/email' },
		{ detail: 'Unsupported country', pointer: '/address/country' },
		{ detail: 'Name is required', pointer: '/name' },
	],
};

/** The SpherePay node as a workflow holds it, for tests that build errors or contexts by hand. */
export const SAMPLE_NODE: INode = spherePayNode({ id: '1', name: 'SpherePay', position: [0, 0] });
