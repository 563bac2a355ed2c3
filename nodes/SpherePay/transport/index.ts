import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { SPHEREPAY_HOSTS, type SpherePayEnvironment } from '../constants';
import { networkError, responseError, type ResponseContext } from '../helpers/errors';

export const CREDENTIAL_TYPE = 'spherePayApi';

/** A request that never gets an answer must not hold the workflow forever. */
const REQUEST_TIMEOUT_MS = 60_000;

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
}

export interface SpherePayResponse {
	statusCode: number;
	body: unknown;
}

/**
 * Sends one request with the credential's API key and returns the 2xx answer.
 * Any other status becomes an error built from SpherePay's ProblemDetails body.
 */
export async function spherePayRequest(
	this: IExecuteFunctions,
	request: SpherePayRequest,
	context: ResponseContext,
): Promise<SpherePayResponse> {
	const credentials = await this.getCredentials<SpherePayCredentials>(CREDENTIAL_TYPE, context.itemIndex);
	const baseUrl = resolveBaseUrl.call(this, credentials);

	let response: IN8nHttpFullResponse;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, {
			method: request.method,
			url: `${baseUrl}${request.path}`,
			body: request.body,
			json: true,
			timeout: REQUEST_TIMEOUT_MS,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		throw networkError(this.getNode(), context.itemIndex, baseUrl, error);
	}

	if (response.statusCode < 200 || response.statusCode > 299) {
		throw responseError(context, response.statusCode, response.body);
	}
	return { statusCode: response.statusCode, body: response.body };
}
