import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import { parseProblem } from '../shared/helpers/problem';
import { malformedResponseError, responseError } from '../shared/helpers/responseErrors';
import type { ResponseContext } from '../shared/helpers/spherePayError';
import { isObject } from '../shared/helpers/json';
import { clip } from '../shared/helpers/text';
import { requestOutsideRun, type SpherePayResponse } from '../shared/transport';
import { ACTIVATION_READ as READ } from '../shared/transport/retry';
import { readV1Data } from '../shared/transport/responses/v1';

/** SpherePay allows this many webhooks per account, inactive ones included. */
export const WEBHOOK_LIMIT = 10;

export const DASHBOARD = 'the SpherePay dashboard (Settings → Webhooks)';

/** The `webhook` of a v1 answer. */
export function readWebhook(context: ResponseContext, response: SpherePayResponse): IDataObject {
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
export function limitReached(status: number, problem: { code?: string; detail?: string } | undefined) {
	if (status < 400 || status > 499 || status === 429) return undefined;
	if (!/limit|maximum|exceed/i.test(`${problem?.code ?? ''} ${problem?.detail ?? ''}`)) return undefined;
	return {
		message: `SpherePay refused to register another webhook: an account may have at most ${WEBHOOK_LIMIT}`,
		fix: `Inactive webhooks count too. Delete unused ones in ${DASHBOARD}, then activate the workflow again; or choose Registration: Manual with an existing webhook’s signing secret.`,
	};
}
