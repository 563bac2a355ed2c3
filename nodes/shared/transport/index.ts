import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../constants';
import { baseUrlOf, type SpherePayCredentials } from '../helpers/baseUrl';
import { answerTooLargeError, redirectError, responseError } from '../helpers/responseErrors';
import type { ResponseContext } from '../helpers/spherePayError';
import { findErrorCode, isRefusedLocally, networkError, NOT_SENT_CODES } from './failures';
import { backoffMs, EDITOR_READ, retryAfterMs, type RetryPolicy } from './retry';
import { sleepWithAbort } from './sleep';
import { pacerFor, type Pacer } from './pacer';
import { isStream, MAX_ANSWER_BYTES, parseBody, readCapped, type BodyStream } from './body';

/**
 * Node code that may send requests: a node run, the editor asking for a picker's options,
 * or a trigger's webhook registration when its workflow is activated.
 */
type Caller = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions;

type Credentials = SpherePayCredentials & { apiKey?: unknown };

function resolveBaseUrl(this: Caller, credentials: SpherePayCredentials): string {
	const resolved = baseUrlOf(credentials);
	if ('message' in resolved) throw new NodeOperationError(this.getNode(), resolved.message, { description: resolved.fix });
	return resolved.baseUrl;
}

/** The base URL, and the pacer of the application the credential reaches. */
function connect(this: Caller, credentials: Credentials): { baseUrl: string; pacer: Pacer } {
	const baseUrl = resolveBaseUrl.call(this, credentials);
	return { baseUrl, pacer: pacerFor(baseUrl, String(credentials.apiKey ?? '')) };
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
	/** The run is over: its Requests per Second no longer applies to the others. */
	close(): void;
}

/**
 * The connection for one run of the node: the credential is read once, and every
 * request (retries included) passes the pacer this process shares for the application,
 * with the run's Requests per Second in force until `close()`.
 */
export async function createClient(
	this: IExecuteFunctions,
	pacing: { requestsPerSecond: number },
): Promise<SpherePayClient> {
	const credentials = await this.getCredentials<Credentials>(CREDENTIAL_TYPE, 0);
	const { baseUrl, pacer } = connect.call(this, credentials);
	const close = pacer.join(pacing.requestsPerSecond);
	const cancel = this.getExecutionCancelSignal?.();
	return {
		send: async (request, context, policy) =>
			await send.call(this, { request, context, policy }, { baseUrl, pacer, cancel }),
		close,
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
 * activation), with the node's credential: no cancel signal, but the same pacer (at the
 * rate the runs in force set), deadline, redirect refusal and errors; `policy` says
 * whether it may be repeated.
 */
export async function requestOutsideRun(
	this: ILoadOptionsFunctions | IHookFunctions,
	request: SpherePayRequest,
	context: ResponseContext,
	policy: RetryPolicy,
): Promise<SpherePayResponse> {
	const credentials = await this.getCredentials<Credentials>(CREDENTIAL_TYPE);
	return await send.call(this, { request, context, policy }, connect.call(this, credentials));
}

/** The whole request took longer than the time-out (headers and body together). */
class DeadlineError extends Error {
	readonly code = 'ETIMEDOUT';
}

type Exchange =
	| { response: { statusCode: number; headers: IN8nHttpFullResponse['headers']; body: unknown } }
	| { tooLarge: { statusCode: number } }
	| { failure: unknown };

/**
 * One HTTP exchange, bounded by a deadline for the whole answer: axios' `timeout` only
 * limits silence, so a server trickling its body would hold the item forever. n8n gives
 * the HTTP client the execution's cancel signal in place of one passed in the options,
 * so the call sees a context whose cancel signal also fires at the deadline; the race
 * keeps the promise even where an n8n version ignores that signal. The body is read as a
 * stream, at most MAX_ANSWER_BYTES of it.
 */
async function exchange(
	this: Caller,
	{ baseUrl, request, timeoutMs, cancel }: { baseUrl: string; request: SpherePayRequest; timeoutMs: number; cancel?: AbortSignal },
): Promise<Exchange> {
	const deadline = AbortSignal.timeout(timeoutMs);
	const signal = cancel ? AbortSignal.any([cancel, deadline]) : deadline;
	const context: Caller = Object.create(this, { getExecutionCancelSignal: { value: () => signal } });
	let onDeadline: (() => void) | undefined;
	let stream: BodyStream | undefined;
	const expired = new Promise<never>((_resolve, reject) => {
		onDeadline = () => reject(deadline.reason);
		deadline.addEventListener('abort', onDeadline, { once: true });
	});
	const exchanged = async (): Promise<Exchange> => {
		const response = (await this.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, {
			method: request.method,
			url: `${baseUrl}${request.path}`,
			qs: request.qs,
			body: request.body,
			headers: request.headers,
			json: true,
			encoding: 'stream',
			timeout: timeoutMs,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// n8n follows redirects and attaches the credential again: the key would go
			// wherever a proxy or gateway points.
			disableFollowRedirect: true,
		})) as IN8nHttpFullResponse;
		const { body } = response;
		// Read already (an HTTP client that does not stream): nothing left to bound.
		if (!isStream(body)) return { response: { statusCode: response.statusCode, headers: response.headers, body } };
		stream = body;
		const bytes = await readCapped(body, MAX_ANSWER_BYTES);
		if (bytes === undefined) return { tooLarge: { statusCode: response.statusCode } };
		return { response: { statusCode: response.statusCode, headers: response.headers, body: parseBody(bytes) } };
	};
	try {
		return await Promise.race([exchanged(), expired]);
	} catch (error) {
		// The deadline's own abort surfaces as a cancellation: report it as the time-out.
		const timedOut = deadline.aborted && !cancel?.aborted;
		return { failure: timedOut ? new DeadlineError(`No complete answer within ${timeoutMs / 1000} s`) : error };
	} finally {
		if (onDeadline) deadline.removeEventListener('abort', onDeadline);
		if (deadline.aborted || cancel?.aborted) stream?.destroy?.();
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
	{ baseUrl, pacer, cancel }: { baseUrl: string; pacer: Pacer; cancel?: AbortSignal },
): Promise<SpherePayResponse> {
	const throttle = pacer.throttleFor(request.method);
	for (let attempt = 0; ; attempt++) {
		const canRetry = attempt < policy.retries && !cancel?.aborted;
		const permit = await throttle.take(cancel);
		const result = await exchange.call(this, { baseUrl, request, timeoutMs: policy.timeoutMs, cancel });
		const answer = 'response' in result ? result.response : undefined;
		if (answer?.statusCode === 429) {
			// The application's budget is spent: every request of this process for it
			// waits, and the rate comes down (even when the 429 is not retried).
			permit.refused(retryAfterMs(answer.headers?.['retry-after']) ?? backoffMs(attempt));
		} else {
			permit.answered(answer !== undefined && answer.statusCode < 500);
		}

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
			throw networkError(context, baseUrl, failure, { attempts: attempt + 1, timeoutMs: policy.timeoutMs });
		}
		if ('tooLarge' in result) throw answerTooLargeError(context, result.tooLarge.statusCode, MAX_ANSWER_BYTES);

		const { response } = result;
		const status = response.statusCode;
		if ((status >= 200 && status <= 299) || request.acceptStatuses?.includes(status)) {
			return { statusCode: status, body: response.body };
		}
		if (status >= 300 && status <= 399) throw redirectError(context, status, response.headers?.location, baseUrl);
		const retryable = status === 429 || (status >= 500 && policy.repeatable);
		if (canRetry && retryable) {
			// After a 429 the pacer holds this request back with the others.
			if (status !== 429) await sleepWithAbort(backoffMs(attempt), cancel);
			continue;
		}
		throw responseError(context, status, response.body, attempt + 1);
	}
}
