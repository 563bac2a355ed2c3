import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { accountOf, openSecret, type AccountCredentials } from './account';
import { CUSTOMER_EVENTS, DEFAULT_MAX_EVENT_AGE_HOURS, REMEMBERED_DELIVERIES, admit, eventItem, eventLabel, eventName, isSelected } from './events';
import { legacyRegistration, nodeKey, recordFor } from './records';
import { keepRegistration, register, registrationExists } from './registration';
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
		// A literal, as n8n's scanner requires: each event's name as the Events list shows it (a unit test keeps them equal).
		subtitle:
			'={{ ($parameter["events"] || []).map((event) => ({"customer.kyc.additionalReviewRequired":"Additional Review Required","*":"Any Event","customer.create":"Customer Created","customer.update":"Customer Updated","customer.tos.successful":"Terms of Service Accepted","customer.tos.pending":"Terms of Service Pending","customer.kyc.successful":"Verification Approved","customer.kyc.rejected":"Verification Rejected","customer.kyc.pending":"Verification Under Review"})[event] || event).join(", ") }}',
		description: 'Starts the workflow when SpherePay sends a customer event, such as a finished or failed verification',
		defaults: { name: 'SpherePay Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// One credential for both modes: Manual reads the signing secret from its Webhook
		// Signing Secret field, as n8n's Stripe Trigger does.
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		// What the editor's Test button shows: with Automatic registration nothing is sent to the
		// Test URL (registering it would use up a webhook), so it says where events go instead.
		triggerPanel: {
			header: 'SpherePay sends events to the URL registered with it, not to this editor',
			executionsHelp: {
				inactive:
					'<b>Automatic registration</b>: SpherePay sends events to the Production URL only, once the workflow is published (activated); they appear in its executions. To listen here, choose Registration: Manual and add this node’s Test URL as a webhook in the SpherePay dashboard, with its signing secret in the credential.',
				active:
					'The workflow is published: SpherePay sends events to the Production URL only, and they appear in its executions. With Manual registration, events sent to the Test URL also appear here while listening.',
			},
			activationHint:
				'Automatic registration: SpherePay sends events to the Production URL only, once the workflow is published (activated). To listen here, choose Registration: Manual and add this node’s Test URL as a webhook in the SpherePay dashboard.',
		},
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
						description: 'Register this node’s Production URL with SpherePay when the workflow is published (activated) (SpherePay API credential)',
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
					'Publishing (activating) the workflow registers this node’s Production URL with SpherePay, one of an account’s 10 webhooks. SpherePay’s API cannot delete webhooks, so unpublishing keeps it and publishing again reuses it. After deleting this workflow, delete its webhook in the SpherePay dashboard (Settings → Webhooks). SpherePay sends events to the Production URL only: to see them while building, publish the workflow and open its executions, or choose Registration: Manual.',
				name: 'automaticNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { registration: ['automatic'] } },
			},
			{
				displayName:
					'In the SpherePay dashboard (Settings → Webhooks), add a webhook with this node’s Production URL (or Test URL, to listen here) and the events below; put its signing secret in the credential’s Webhook Signing Secret field.',
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
				options: CUSTOMER_EVENTS,
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Maximum Event Age (Hours)',
						name: 'maxEventAgeHours',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_MAX_EVENT_AGE_HOURS,
						description:
							'Older events are acknowledged and start nothing; each event is remembered this long, so a repeat starts nothing either',
					},
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
				return await keepRegistration.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		// The event is read from the bytes the signature covers, never from n8n's parsed body,
		// which depends on the content type the sender chose.
		const rawBody = bytesOf((request as { rawBody?: unknown }).rawBody);
		const parsed = parseJson(rawBody);
		const secret = await signingSecret.call(this);
		const valid = secret !== undefined && verifySignature(secret, request.headers.signature, rawBody, parsed);
		if (!valid) {
			this.logger.warn(
				secret === undefined
					? 'SpherePay Trigger refused a delivery: no signing secret is stored for this node (activate the workflow again, or check the credential)'
					: `SpherePay Trigger refused a delivery: ${request.headers.signature === undefined ? 'no signature header' : 'the signature does not match'}`,
			);
			return reject.call(this, 401, 'Unauthorized');
		}
		if (!isJson(request.headers['content-type'])) {
			this.logger.warn(`SpherePay Trigger refused a signed delivery sent as ${String(request.headers['content-type'] ?? 'no content type')}: SpherePay sends JSON`);
			return reject.call(this, 415, 'Unsupported Media Type: SpherePay sends JSON');
		}
		if (!isObject(parsed)) return reject.call(this, 400, 'Bad Request: not a SpherePay event');

		const event = parsed;
		const selected = this.getNodeParameter('events', []) as string[];
		// Acknowledged, so that SpherePay does not send it again; nothing runs.
		if (!isSelected(selected, eventName(event))) return {};
		const maxAgeHours = maxEventAgeHours(this.getNodeParameter('options.maxEventAgeHours', DEFAULT_MAX_EVENT_AGE_HOURS));
		const key = `${this.getWorkflow().id}/${nodeKey(this.getNode())}`;
		const admission = admit(this.getWorkflowStaticData('node'), key, event, JSON.stringify(event), maxAgeHours, Date.now());
		// Acknowledged in every case, so that SpherePay stops sending it; only a new event runs.
		if (admission === 'too old' || admission === 'forgotten') {
			this.logger.info(
				admission === 'too old'
					? `SpherePay Trigger acknowledged event ${eventLabel(event)} without a run: it is older than the Maximum Event Age (${maxAgeHours} hours)`
					: `SpherePay Trigger acknowledged event ${eventLabel(event)} without a run: it is no newer than events this trigger no longer remembers (more than ${REMEMBERED_DELIVERIES.toLocaleString('en-US')} within the Maximum Event Age)`,
			);
		}
		if (admission !== 'new') return {};

		return { workflowData: [this.helpers.returnJsonArray([eventItem(event)])] };
	}
}

function reject(this: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
	this.getResponseObject().status(status).send(message).end();
	return { noWebhookResponse: true };
}

function bytesOf(value: unknown): Buffer | undefined {
	if (Buffer.isBuffer(value)) return value;
	return typeof value === 'string' ? Buffer.from(value, 'utf8') : undefined;
}

function parseJson(body: Buffer | undefined): unknown {
	if (body === undefined) return undefined;
	try {
		return JSON.parse(body.toString('utf8')) as unknown;
	} catch {
		return undefined;
	}
}

/** `application/json` or `application/<something>+json`, with or without parameters. */
function isJson(contentType: unknown): boolean {
	const type = String(contentType ?? '').split(';')[0].trim().toLowerCase();
	return type === 'application/json' || /^application\/[\w.-]+\+json$/.test(type);
}

function maxEventAgeHours(value: unknown): number {
	const hours = typeof value === 'number' ? value : Number(value);
	return Number.isFinite(hours) && hours > 0 ? hours : DEFAULT_MAX_EVENT_AGE_HOURS;
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
	const account = accountOf(await this.getCredentials<AccountCredentials>(CREDENTIAL_TYPE));
	const node = nodeKey(this.getNode());
	const global = this.getWorkflowStaticData('global');
	const record = recordFor(global, this.getWorkflow().id, node, account);
	if (record) return openSecret(account, record.webhookId, record.sealedSecret);
	// Registered by the previous release, in plain text, until the next activation seals it.
	return legacyRegistration(this.getWorkflowStaticData('node'), global, node)?.webhookSecret;
}
