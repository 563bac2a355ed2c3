import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import { parseProblem } from '../shared/helpers/problem';
import { malformedResponseError, responseError } from '../shared/helpers/responseErrors';
import type { ResponseContext } from '../shared/helpers/spherePayError';
import { isObject } from '../shared/helpers/json';
import { clip } from '../shared/helpers/text';
import { requestOutsideRun, type SpherePayResponse } from '../shared/transport';
import { ACTIVATION_READ as READ, ACTIVATION_WRITE as WRITE } from '../shared/transport/retry';
import { readV1Data } from '../shared/transport/responses/v1';

/** SpherePay allows this many webhooks per account, inactive ones included. */
export const WEBHOOK_LIMIT = 10;

export const DASHBOARD = 'the SpherePay dashboard (Settings → Webhooks)';

/** The `webhook` of a v1 answer. */
function readWebhook(context: ResponseContext, response: SpherePayResponse): IDataObject {
	const data = readV1Data(context, response);
	if (!isObject(data.webhook)) throw malformedResponseError(context, response.statusCode, 'without a webhook');
	return data.webhook;
}

/** A 404 whose body says, as SpherePay does, that there is no such webhook (not a gateway's page). */
function saysNotFound(body: unknown): boolean {
	const code = parseProblem(body)?.code;
	return code !== undefined && /not[-_ ]?found/i.test(code);
}

/** The webhook SpherePay has under this ID, or undefined when SpherePay says there is none. */
export async function lookUp(this: IHookFunctions, id: string): Promise<IDataObject | undefined> {
	const context: ResponseContext = {
		node: this.getNode(),
		labelForPointer: () => undefined,
		notFound: {
			message: `The base URL answered 404 for SpherePay webhook ${clip(id, 100)} without saying that the webhook does not exist`,
			fix: 'Check the credential’s environment or base URL. The registration was kept.',
		},
	};
	const response = await requestOutsideRun.call(
		this,
		{ method: 'GET', path: `/v1/webhook/${encodeURIComponent(id)}`, acceptStatuses: [404] },
		context,
		READ,
	);
	if (response.statusCode !== 404) return readWebhook(context, response);
	if (!saysNotFound(response.body)) throw responseError(context, 404, response.body);
	return undefined;
}

/** A refusal that names a limit: SpherePay's answer to an eleventh webhook (its exact code is not documented). */
function limitReached(status: number, problem: { code?: string; detail?: string } | undefined) {
	if (status < 400 || status > 499 || status === 429) return undefined;
	if (!/limit|maximum|exceed/i.test(`${problem?.code ?? ''} ${problem?.detail ?? ''}`)) return undefined;
	return {
		message: `SpherePay refused to register another webhook: an account may have at most ${WEBHOOK_LIMIT}`,
		fix: `Inactive webhooks count too. Delete unused ones in ${DASHBOARD}, then activate the workflow again; or choose Registration: Manual with an existing webhook’s signing secret.`,
	};
}

/** `POST /v1/webhook`: registers `url` for `events`; SpherePay's answer, with the webhook's ID and signing secret. */
export async function createWebhook(this: IHookFunctions, url: string, events: string[]): Promise<IDataObject & { id: string; secret: string }> {
	const workflow = this.getWorkflow();
	const node = this.getNode();
	const body = {
		name: clip(`n8n: ${workflow.name ?? workflow.id ?? 'workflow'} / ${node.name}`, 400),
		description: clip(
			`Registered by n8n for workflow ${workflow.id ?? ''} (node "${node.name}"). Delete it here once that workflow is deleted.`,
			400,
		),
		url,
		events,
	};
	const labels = new Map([
		['/url', 'Webhook URL'],
		['/events', 'Events'],
		['/name', 'Name'],
		['/description', 'Description'],
	]);
	const context: ResponseContext = {
		node,
		labelForPointer: (pointer) => labels.get(pointer.replace(/\/\d+$/, '')),
		unknownOutcome: {
			clause: 'the webhook may or may not have been registered',
			check: `Before activating again, look in ${DASHBOARD} for a webhook with this node’s Production URL (${url}); if there is one, delete it, or the next activation registers a second one.`,
		},
		explain: limitReached,
	};
	const response = await requestOutsideRun.call(this, { method: 'POST', path: '/v1/webhook', body }, context, WRITE);
	const webhook = readWebhook(context, response);
	if (typeof webhook.id !== 'string' || webhook.id === '' || typeof webhook.secret !== 'string' || webhook.secret === '') {
		throw malformedResponseError(context, response.statusCode, 'without the webhook’s ID and signing secret');
	}
	return webhook as IDataObject & { id: string; secret: string };
}
