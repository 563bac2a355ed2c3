import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE, NOT_SPHEREPAY_MESSAGE, REFUSED_KEY_MESSAGE, SPHEREPAY_HOSTS } from '../nodes/shared/constants';
import { baseUrlOf, type SpherePayCredentials } from '../nodes/shared/helpers/baseUrl';

export class SpherePayApi implements ICredentialType {
	name = CREDENTIAL_TYPE;

	displayName = 'SpherePay API';

	icon: Icon = {
		light: 'file:../nodes/SpherePay/spherePay.svg',
		dark: 'file:../nodes/SpherePay/spherePay.dark.svg',
	};

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-spherepay#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Create one in the SpherePay dashboard under Developers → API Keys. SpherePay shows a key only once.',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: 'production',
			options: [
				{
					name: 'Production',
					value: 'production',
					description: SPHEREPAY_HOSTS.production,
				},
				{
					name: 'Sandbox',
					value: 'sandbox',
					description: `${SPHEREPAY_HOSTS.sandbox} (lower rate limits; test data only)`,
				},
				{
					name: 'Custom URL',
					value: 'custom',
					description: 'A proxy, a gateway, or a local SpherePay emulator',
				},
			],
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. http://127.0.0.1:4010',
			description: 'Where requests go instead of SpherePay’s hosts. Paths such as /v2/customer are appended to it.',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Webhook Signing Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only for SpherePay Trigger with Manual registration: the webhook’s signing secret, from the SpherePay dashboard (Settings → Webhooks)',
		},
	];

	// A function rather than a generic `=Bearer {{$credentials.apiKey}}` template: n8n
	// evaluates a template with its expression engine on every request. The key is
	// trimmed: one pasted from a secrets file often ends in a line break, which no
	// HTTP header can carry. The Base URL is checked first, so the credential test
	// names what is wrong with it and the key is never attached for a refused URL.
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const target = baseUrlOf(credentials as SpherePayCredentials);
		if ('message' in target) throw new Error(`${target.message}. ${target.fix}`);
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.apiKey ?? '').trim()}` },
		};
	}

	// n8n's credential tester drops the HTTP status of a thrown error before its
	// `responseCode` rules run, so the answer is taken as it is and judged by its body.
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ $credentials.environment === "custom" ? String($credentials.baseUrl).trim().replace(/\\/+$/, "") : $credentials.environment === "sandbox" ? "${SPHEREPAY_HOSTS.sandbox}" : "${SPHEREPAY_HOSTS.production}" }}`,
			url: '/v2/customer',
			method: 'GET',
			qs: { page: '1', limit: '1' },
			ignoreHttpStatusErrors: true,
			// The key goes to the base URL only, never to where a redirect points.
			disableFollowRedirect: true,
		},
		rules: [
			{ type: 'responseSuccessBody', properties: { key: 'status', value: 401, message: REFUSED_KEY_MESSAGE } },
			{ type: 'responseSuccessBody', properties: { key: 'status', value: 403, message: REFUSED_KEY_MESSAGE } },
			{ type: 'responseSuccessBody', properties: { key: 'pagination', value: undefined, message: NOT_SPHEREPAY_MESSAGE } },
		],
	};
}
