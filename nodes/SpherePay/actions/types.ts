import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

/** The API's GenerateKycUrlResponseDto: what each successful item outputs. */
export interface KycLink extends IDataObject {
	customerId: string;
	url: string;
	expiresAt: string;
}

/** One operation: its entry in the Operation dropdown, its fields, and what it does for one item. */
export interface OperationModule {
	option: INodePropertyOptions & { value: string; action: string };
	properties: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<KycLink>;
}
