import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { NodeOperationError, sleepWithAbort } from 'n8n-workflow';

import { CREDENTIAL_TYPE, SPHEREPAY_HOSTS, type SpherePayEnvironment } from '../constants';
import { redirectError, responseError } from '../helpers/responseErrors';
import type { ResponseContext } from '../helpers/spherePayError';
import { findErrorCode, isRefusedLocally, networkError, NOT_SENT_CODES } from './failures';
import { backoffMs, EDITOR_READ, retryAfterMs, type RetryPolicy } from './retry';
import { RequestThrottle } from './throttle';

interface SpherePayCredentials {
	environment?: SpherePayEnvironment;
	baseUrl?: string;
}

/**
 * Node code that may send requests: a node run, the editor asking for a picker's options,
 * or a trigger's webhook registration when its workflow is activated.
 */
type Caller = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions;

function resolveBaseUrl(this: Caller, credentials: SpherePayCredentials): string {
	const environment = credentials.environment ?? 'production';
	if (environment !== 'custom') return SPHEREPAY_HOSTS[environment] ?? SPHEREPAY_HOSTS.production;

	const baseUrl = String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
	let url: URL | undefined;
	try {
		url = new URL(baseUrl);
	} catch {
		url = undefined;
	}
	const fix = 'Open the credential and enter a URL such as https://api.spherepay.co or http://127.0.0.1:4010, or choose Production or Sandbox.';
	if (!url || !['http:', 'https:'].includes(url.protocol)) {
		throw new NodeOperationError(this.getNode(), 'The SpherePay credential’s Base URL is not a valid http(s) URL', {
			description: fix,
		});
	}
	// Paths are appended to the base URL: after a query or fragment they would not be paths,
	// and a user name or password would be sent along with the API key.
	if (/[?#]/.test(baseUrl) || url.username || url.password) {
		throw new NodeOperationError(
			this.getNode(),
			'The SpherePay credential’s Base URL must not contain a query (?…), a fragment (#…) or a user name or password',
			{ description: `Paths such as /v2/customer/kyc-link are appended to it. ${fix}` },
		);
	}
	return baseUrl;
}

export interface SpherePayRequest {
	method: IHttpRequestMethods;
	/** Already encoded, e.g. `/v2/customer/customer_1/kyc-link` */
	path: string;
	qs?: Record<string, string>;
	body?: IDataObject;
	headers?: Record<string, string>;
	/**
	 * Error statuses the caller reads itself (e.g. a 404 that means "gone"): returned as
	 * answers instead of errors, and not retried.
	 */
	acceptStatuses?: number[];
}

export interface SpherePayResponse {
	statusCode: number;
	body: unknown;
}

export interface SpherePayClient {
	/** Sends one request as `policy` allows; errors are built with `context`. */
	send(request: SpherePayRequest, context: ResponseContext, policy: RetryPolicy): Promise<SpherePayResponse>;
}

/**
 * The connection for one run of the node: the credential is read once, and every
 * request (retries included) passes the same throttle, which a 429 pauses even when
 * there is no rate limit.
 */
export async function createClient(
	this: IExecuteFunctions,
	pacing: { requestsPerSecond: number },
): Promise<SpherePayClient> {
	const credentials = await this.getCredentials<SpherePayCredentials>(CREDENTIAL_TYPE, 0);
	const baseUrl = resolveBaseUrl.call(this, credentials);
	const throttle = RequestThrottle.perSecond(pacing.requestsPerSecond);
	const cancel = this.getExecutionCancelSignal?.();
	return {
		send: async (request, context, policy) =>
			await send.call(this, { request, context, policy }, { baseUrl, throttle, cancel }),
	};
}

/**
 * One request for the editor, such as a picker's search, with the credential of the node
 * being edited: a read, retried once, bounded by the default time-out.
 */
export async function requestForEditor(
	this: ILoadOptionsFunctions,
	request: SpherePayRequest,
	context: ResponseContext,
): Promise<SpherePayResponse> {
	return await requestOutsideRun.call(this, request, context, EDITOR_READ);
}

/**
 * A request outside a node run (the editor's picker, a trigger registering its webhook on
 * activation), with the node's credential: no run-wide throttle or cancel signal, but the
 * same deadline, redirect refusal and errors; `policy` says whether it may be repeated.
 */
export async function requestOutsideRun(
	this: ILoadOptionsFunctions | IHookFunctions,
	request: SpherePayRequest,
	context: ResponseContext,
	policy: RetryPolicy,
): Promise<SpherePayResponse> {
	const credentials = await this.getCredentials<SpherePayCredentials>(CREDENTIAL_TYPE);
	const baseUrl = resolveBaseUrl.call(this, credentials);
	return await send.call(this, { request, context, policy }, { baseUrl, throttle: RequestThrottle.perSecond(0) });
}

/** The whole request took longer than the time-out (headers and body together). */
class DeadlineError extends Error {
	readonly code = 'ETIMEDOUT';
}

/**
 * One HTTP exchange, bounded by a deadline for the whole answer: axios' `timeout` only
 * limits silence, so a server trickling its body would hold the item forever. n8n gives
 * the HTTP client the execution's cancel signal in place of one passed in the options,
 * so the call sees a context whose cancel signal also fires at the deadline; the race
 * keeps the promise even where an n8n version ignores that signal.
 */
async function exchange(
	this: Caller,
	{ baseUrl, request, timeoutMs, cancel }: { baseUrl: string; request: SpherePayRequest; timeoutMs: number; cancel?: AbortSignal },
): Promise<{ response: IN8nHttpFullResponse } | { failure: unknown }> {
	const deadline = AbortSignal.timeout(timeoutMs);
	const signal = cancel ? AbortSignal.any([cancel, deadline]) : deadline;
	const context: Caller = Object.create(this, { getExecutionCancelSignal: { value: () => signal } });
	let onDeadline: (() => void) | undefined;
	const expired = new Promise<never>((_resolve, reject) => {
		onDeadline = () => reject(deadline.reason);
		deadline.addEventListener('abort', onDeadline, { once: true });
	});
	try {
		const response = await Promise.race([
			this.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, {
				method: request.method,
				url: `${baseUrl}${request.path}`,
				qs: request.qs,
				body: request.body,
				headers: request.headers,
				json: true,
				timeout: timeoutMs,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				// n8n follows redirects and attaches the credential again: the key would go
				// wherever a proxy or gateway points.
				disableFollowRedirect: true,
			}) as Promise<IN8nHttpFullResponse>,
			expired,
		]);
		return { response };
	} catch (error) {
		// The deadline's own abort surfaces as a cancellation: report it as the time-out.
		const timedOut = deadline.aborted && !cancel?.aborted;
		return { failure: timedOut ? new DeadlineError(`No complete answer within ${timeoutMs / 1000} s`) : error };
	} finally {
		if (onDeadline) deadline.removeEventListener('abort', onDeadline);
	}
}

/**
 * Sends a request with the credential's API key and returns the 2xx answer, retrying
 * as the policy allows. Any other status (unless the request accepts it) becomes an error
 * built from SpherePay's ProblemDetails body or v1 error envelope.
 */
async function send(
	this: Caller,
	{ request, context, policy }: { request: SpherePayRequest; context: ResponseContext; policy: RetryPolicy },
	{ baseUrl, throttle, cancel }: { baseUrl: string; throttle: RequestThrottle; cancel?: AbortSignal },
): Promise<SpherePayResponse> {
	for (let attempt = 0; ; attempt++) {
		const canRetry = attempt < policy.retries && !cancel?.aborted;
		const release = await throttle.take(cancel);
		const result = await exchange.call(this, { baseUrl, request, timeoutMs: policy.timeoutMs, cancel });
		release();

		if ('failure' in result) {
			const { failure } = result;
			const code = findErrorCode(failure);
			// Refused on this machine (code in REFUSED_LOCALLY): it would fail the same way again.
			const transient = code !== undefined && NOT_SENT_CODES.has(code);
			const mayRepeat = policy.repeatable && code !== 'ERR_CANCELED' && !isRefusedLocally(code);
			if (canRetry && (transient || mayRepeat)) {
				await sleepWithAbort(backoffMs(attempt), cancel);
				continue;
			}
			throw networkError(context, baseUrl, failure, attempt + 1);
		}

		const { response } = result;
		const status = response.statusCode;
		if ((status >= 200 && status <= 299) || request.acceptStatuses?.includes(status)) {
			return { statusCode: status, body: response.body };
		}
		if (status >= 300 && status <= 399) throw redirectError(context, status, response.headers?.location, baseUrl);
		const retryable = status === 429 || (status >= 500 && policy.repeatable);
		if (canRetry && retryable) {
			const wait =
				(status === 429 ? retryAfterMs(response.headers?.['retry-after']) : undefined) ?? backoffMs(attempt);
			// A 429 means the API key's budget is spent: hold back the other items too.
			if (status === 429) throttle.pauseFor(wait);
			await sleepWithAbort(wait, cancel);
			continue;
		}
		throw responseError(context, status, response.body, attempt + 1);
	}
}
