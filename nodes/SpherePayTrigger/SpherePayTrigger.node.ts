import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { CUSTOMER_EVENTS, ALL_EVENTS, eventId, eventItem, eventName, isSelected, seenBefore } from './events';
import { keepRegistration, register, registrationExists, storedRegistration } from './registration';
import { verifySignature } from './signature';
import { CREDENTIAL_TYPE } from '../shared/constants';
import { isObject } from '../shared/helpers/json';

type RegistrationMode = 'automatic' | 'manual';

export class SpherePayTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SpherePay Trigger',
		name: 'spherePayTrigger',
		icon: { light: 'file:../SpherePay/spherePay.svg', dark: 'file:../SpherePay/spherePay.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
		description: 'Starts the workflow when SpherePay sends a customer event, such as a finished or failed verification',
		defaults: { name: 'SpherePay Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// One credential for both modes: Manual reads the signing secret from its Webhook
		// Signing Secret field, as n8n's Stripe Trigger does.
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName: 'Registration',
				name: 'registration',
				type: 'options',
				noDataExpression: true,
				default: 'automatic',
				options: [
					{
						name: 'Automatic',
						value: 'automatic',
						description: 'Register this node’s Production URL with SpherePay when the workflow is activated (SpherePay API credential)',
					},
					{
						name: 'Manual',
						value: 'manual',
						description: 'Add the webhook in the SpherePay dashboard yourself and put its signing secret in a credential',
					},
				],
			},
			{
				displayName:
					'On activation, this node registers its Production URL with SpherePay: one of the 10 webhooks an account may have. SpherePay’s API cannot delete webhooks, so deactivating keeps it and activating again reuses it. After deleting this workflow, delete its webhook in the SpherePay dashboard (Settings → Webhooks; its description names this workflow). The Test URL is not registered: activate the workflow to receive events.',
				name: 'automaticNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { registration: ['automatic'] } },
			},
			{
				displayName:
					'In the SpherePay dashboard (Settings → Webhooks), add a webhook with this node’s Production URL (or its Test URL, to listen in the editor) and the events below, then put its signing secret in the credential’s Webhook Signing Secret field. Nothing is registered through the API.',
				name: 'manualNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { registration: ['manual'] } },
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [],
				description:
					'The events that start the workflow; others are acknowledged and ignored. Each delivery must carry a valid signature.',
				options: [
					{ name: '*', value: ALL_EVENTS, description: 'Every event SpherePay sends, present and future' },
					...CUSTOMER_EVENTS,
				],
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				// Manual registration: the webhook is the user's, in the dashboard; nothing to
				// register, but without its secret every delivery would be refused.
				if (registrationMode(this.getNodeParameter('registration', 'automatic')) === 'manual') {
					if ((await signingSecret.call(this)) === undefined) {
						throw new NodeOperationError(this.getNode(), MISSING_SECRET, { description: MISSING_SECRET_FIX });
					}
					return true;
				}
				return await registrationExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				if (registrationMode(this.getNodeParameter('registration', 'automatic')) === 'manual') return true;
				return await register.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return keepRegistration.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		const secret = await signingSecret.call(this);
		const valid =
			secret !== undefined && verifySignature(secret, request.headers.signature, request.rawBody, request.body);
		if (!valid) {
			this.logger.warn(
				secret === undefined
					? 'SpherePay Trigger refused a delivery: no signing secret is stored for this node (activate the workflow again, or check the credential)'
					: `SpherePay Trigger refused a delivery: ${request.headers.signature === undefined ? 'no signature header' : 'the signature does not match'}`,
			);
			this.getResponseObject().status(401).send('Unauthorized').end();
			return { noWebhookResponse: true };
		}

		const event = request.body as unknown;
		if (!isObject(event)) {
			this.getResponseObject().status(400).send('Bad Request: not a SpherePay event').end();
			return { noWebhookResponse: true };
		}
		const selected = this.getNodeParameter('events', []) as string[];
		// Acknowledged, so that SpherePay does not send it again; nothing runs.
		if (!isSelected(selected, eventName(event))) return {};
		const id = eventId(event);
		// Delivered before (delivery is at least once): acknowledged again; nothing runs.
		const nodeKey = `${this.getWorkflow().id}/${this.getNode().id}`;
		if (id !== undefined && seenBefore(this.getWorkflowStaticData('node'), nodeKey, id)) return {};

		return { workflowData: [this.helpers.returnJsonArray([eventItem(event)])] };
	}
}

function registrationMode(value: unknown): RegistrationMode {
	return value === 'manual' ? 'manual' : 'automatic';
}

const MISSING_SECRET = 'Manual registration needs the webhook’s signing secret';
const MISSING_SECRET_FIX =
	'Copy it from the SpherePay dashboard (Settings → Webhooks) into the credential’s Webhook Signing Secret field.';

/** Automatic: the secret SpherePay gave when the webhook was registered. Manual: the credential's. */
async function signingSecret(this: IWebhookFunctions | IHookFunctions): Promise<string | undefined> {
	if (registrationMode(this.getNodeParameter('registration', 'automatic')) === 'manual') {
		const credential = await this.getCredentials<{ webhookSecret?: string }>(CREDENTIAL_TYPE);
		const secret = String(credential.webhookSecret ?? '').trim();
		return secret === '' ? undefined : secret;
	}
	return storedRegistration(this.getWorkflowStaticData('node'))?.webhookSecret || undefined;
}
