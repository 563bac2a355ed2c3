import type { IDataObject } from 'n8n-workflow';

import { malformedResponseError, responseError } from '../../helpers/responseErrors';
import type { ResponseContext } from '../../helpers/spherePayError';
import { isObject } from '../../helpers/json';
import type { SpherePayResponse } from '../index';

/**
 * The `data` of a 2xx answer in SpherePay's v1 envelope (`{ok, object, statusCode, message,
 * data, ts, request}`). An envelope that says `ok: false` is an error even with a 2xx status,
 * reported as error answers are; an answer without `data` is malformed.
 */
export function readV1Data(context: ResponseContext, response: SpherePayResponse): IDataObject {
	const body = response.body;
	if (isObject(body) && body.ok === false) {
		const status = typeof body.statusCode === 'number' && body.statusCode >= 400 ? body.statusCode : 400;
		throw responseError(context, status, body);
	}
	if (!isObject(body) || !isObject(body.data)) {
		throw malformedResponseError(context, response.statusCode, 'without the data of SpherePay’s v1 answer');
	}
	return body.data;
}
