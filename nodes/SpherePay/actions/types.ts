import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import type { PreparedCall, SpherePayResponse } from '../transport';

/** The API's GenerateKycUrlResponseDto: what each successful item outputs. */
export interface KycLink extends IDataObject {
	customerId: string;
	url: string;
	expiresAt: string;
}

/** An item's validated request, and how to read SpherePay's answer to it. */
export interface OperationCall extends PreparedCall {
	read(response: SpherePayResponse): IDataObject;
}

/** One operation: its entry in the Operation dropdown, its fields, and its request for one item. */
export interface OperationModule {
	option: INodePropertyOptions & { value: string; action: string };
	properties: INodeProperties[];
	/** Reads and validates one item's parameters. Throws before anything is sent. */
	prepare(this: IExecuteFunctions, itemIndex: number): OperationCall;
}
