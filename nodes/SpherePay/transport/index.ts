import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { NodeOperationError, sleepWithAbort } from 'n8n-workflow';

import { SPHEREPAY_HOSTS, type SpherePayEnvironment } from '../constants';
import { findErrorCode, networkError, NOT_SENT_CODES, responseError, type ResponseContext } from '../helpers/errors';
import type { RequestSettings } from '../helpers/options';
import { RequestThrottle } from './throttle';

export const CREDENTIAL_TYPE = 'spherePayApi';

const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 8_000;
const RETRY_AFTER_MAX_MS = 60_000;

interface SpherePayCredentials {
	environment?: SpherePayEnvironment;
	baseUrl?: string;
}

export function resolveBaseUrl(this: IExecuteFunctions, credentials: SpherePayCredentials): string {
	const environment = credentials.environment ?? 'production';
	if (environment !== 'custom') return SPHEREPAY_HOSTS[environment] ?? SPHEREPAY_HOSTS.production;

	const baseUrl = String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
	let valid = false;
	try {
		valid = ['http:', 'https:'].includes(new URL(baseUrl).protocol);
	} catch {
		valid = false;
	}
	if (!valid) {
		throw new NodeOperationError(
			this.getNode(),
			'The SpherePay credential’s Base URL is not a valid http(s) URL',
			{ description: 'Open the credential and enter a URL such as https://api.spherepay.co or http://127.0.0.1:4010, or choose Production or Sandbox.' },
		);
	}
	return baseUrl;
}

export interface SpherePayRequest {
	method: IHttpRequestMethods;
	/** Already encoded, e.g. `/v2/customer/customer_1/kyc-link` */
	path: string;
	body?: IDataObject;
	headers?: Record<string, string>;
}

export interface SpherePayResponse {
	statusCode: number;
	body: unknown;
}

export interface RetryPolicy extends RequestSettings {
	/**
	 * Whether sending the request twice is harmless. If not (it creates something), only
	 * failures that prove it was not processed are retried: 429 and "never reached".
	 */
	repeatable: boolean;
}

/** One item's request, validated and ready: what the router hands to the client. */
export interface PreparedCall {
	request: SpherePayRequest;
	context: ResponseContext;
	policy: RetryPolicy;
}

/** Exponential backoff with jitter: 250–500 ms, 500–1000 ms, 1–2 s, … up to 8 s. */
export function backoffMs(attempt: number, random = Math.random): number {
	const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt);
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Retry-After as seconds or an HTTP date, in ms (at most a minute); undefined when absent or unreadable. */
export function retryAfterMs(value: unknown, now = Date.now()): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' || text.trim() === '') return undefined;
	let ms: number;
	if (/^\s*\d+\s*$/.test(text)) ms = Number(text) * 1000;
	else if (/^[A-Z][a-z]{2}, /.test(text.trim())) ms = Date.parse(text) - now;
	else return undefined;
	if (!Number.isFinite(ms)) return undefined;
	return Math.min(RETRY_AFTER_MAX_MS, Math.max(0, ms));
}

export interface SpherePayClient {
	send(call: PreparedCall): Promise<SpherePayResponse>;
}

/**
 * The connection for one run of the node: the credential is read once, and every
 * request (retries included) passes the same throttle.
 */
export async function createClient(
	this: IExecuteFunctions,
	pacing: { requestsPerSecond: number },
): Promise<SpherePayClient> {
	const credentials = await this.getCredentials<SpherePayCredentials>(CREDENTIAL_TYPE, 0);
	const baseUrl = resolveBaseUrl.call(this, credentials);
	const throttle = RequestThrottle.perSecond(pacing.requestsPerSecond);
	const cancel = this.getExecutionCancelSignal?.();
	return { send: async (call) => await send.call(this, call, { baseUrl, throttle, cancel }) };
}

/**
 * Sends a request with the credential's API key and returns the 2xx answer, retrying
 * as the policy allows. Any other status becomes an error built from SpherePay's
 * ProblemDetails body.
 */
async function send(
	this: IExecuteFunctions,
	{ request, context, policy }: PreparedCall,
	{ baseUrl, throttle, cancel }: { baseUrl: string; throttle?: RequestThrottle; cancel?: AbortSignal },
): Promise<SpherePayResponse> {
	for (let attempt = 0; ; attempt++) {
		const canRetry = attempt < policy.retries && !cancel?.aborted;
		const release = await throttle?.take(cancel);
		let response: IN8nHttpFullResponse | undefined;
		let failure: unknown;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, {
				method: request.method,
				url: `${baseUrl}${request.path}`,
				body: request.body,
				headers: request.headers,
				json: true,
				timeout: policy.timeoutMs,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			})) as IN8nHttpFullResponse;
		} catch (error) {
			failure = error;
		} finally {
			release?.();
		}

		if (response === undefined) {
			const code = findErrorCode(failure);
			const neverSent = code !== undefined && NOT_SENT_CODES.has(code);
			if (canRetry && code !== 'ERR_CANCELED' && (neverSent || policy.repeatable)) {
				await sleepWithAbort(backoffMs(attempt), cancel);
				continue;
			}
			throw networkError(context, baseUrl, failure, attempt + 1);
		}

		const status = response.statusCode;
		if (status >= 200 && status <= 299) return { statusCode: status, body: response.body };
		const retryable = status === 429 || (status >= 500 && policy.repeatable);
		if (canRetry && retryable) {
			const wait =
				(status === 429 ? retryAfterMs(response.headers?.['retry-after']) : undefined) ?? backoffMs(attempt);
			// A 429 means the API key's budget is spent: hold back the other items too.
			if (status === 429) throttle?.pauseFor(wait);
			await sleepWithAbort(wait, cancel);
			continue;
		}
		throw responseError(context, status, response.body, attempt + 1);
	}
}
