import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

export const DEFAULT_TIMEOUT_SECONDS = 60;
export const DEFAULT_RETRIES = 3;

/** The Options collection both operations share. */
export const requestOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Retries',
			name: 'maxRetries',
			type: 'number',
			default: DEFAULT_RETRIES,
			typeOptions: { minValue: 0, maxValue: 10 },
			description:
				'How often to send a request again when SpherePay asks to slow down (429) or could not be reached. Regenerate KYC Link is also retried after server errors and time-outs; Create Customer via Link never is, so no customer is created twice.',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			default: DEFAULT_TIMEOUT_SECONDS,
			typeOptions: { minValue: 1, maxValue: 600 },
			description: 'How long to wait for SpherePay to answer a request',
		},
	],
};

export interface RequestSettings {
	timeoutMs: number;
	retries: number;
}

export function requestSettings(this: IExecuteFunctions, itemIndex: number): RequestSettings {
	const options = this.getNodeParameter('options', itemIndex, {}) as { timeout?: number; maxRetries?: number };
	const timeout = Number(options.timeout ?? DEFAULT_TIMEOUT_SECONDS);
	const retries = Number(options.maxRetries ?? DEFAULT_RETRIES);
	return {
		timeoutMs: Math.round((Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_SECONDS) * 1000),
		retries: Number.isInteger(retries) && retries >= 0 ? Math.min(retries, 10) : DEFAULT_RETRIES,
	};
}
