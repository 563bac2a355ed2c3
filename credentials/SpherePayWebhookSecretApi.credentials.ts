import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The signing secret of a webhook added in the SpherePay dashboard, for the SpherePay
 * Trigger's Manual registration. n8n stores it encrypted, as every credential. It is tested
 * by the trigger (a secret can only be checked against a delivery's signature).
 */
export class SpherePayWebhookSecretApi implements ICredentialType {
	name = 'spherePayWebhookSecretApi';

	displayName = 'SpherePay Webhook Secret API';

	icon: Icon = {
		light: 'file:../nodes/SpherePay/spherePay.svg',
		dark: 'file:../nodes/SpherePay/spherePay.dark.svg',
	};

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-spherepay#spherepay-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'Signing Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The signing secret SpherePay shows for the webhook in its dashboard (Settings → Webhooks). Deliveries whose signature does not match it are refused.',
		},
	];
}
