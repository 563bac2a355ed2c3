import type { IDataObject } from 'n8n-workflow';

import { malformedResponseError } from '../../helpers/responseErrors';
import type { ResponseContext } from '../../helpers/spherePayError';
import type { SpherePayResponse } from '../index';

/**
 * Returns `{ customerId, url, expiresAt }` from SpherePay's `{link, expiresAt}` (TosLinkResponseDto):
 * `url` is its `link`, `expiresAt` null when SpherePay leaves it out (older answers do).
 * Fails naming what is missing or wrong.
 */
export function readTosLink(context: ResponseContext, response: SpherePayResponse, customerId: string): IDataObject {
	const body = response.body;
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		const what =
			typeof body === 'string' && body.trim() !== ''
				? 'a body that is not JSON'
				: body === undefined || body === null || body === ''
					? 'an empty body'
					: 'a body that is not a JSON object';
		throw malformedResponseError(context, response.statusCode, `with ${what} instead of the Terms of Service link`);
	}
	const { link, expiresAt } = body as Record<string, unknown>;
	if (typeof link !== 'string' || link === '') {
		throw malformedResponseError(context, response.statusCode, 'without link');
	}
	if (expiresAt !== undefined && expiresAt !== null && (typeof expiresAt !== 'string' || expiresAt === '')) {
		throw malformedResponseError(context, response.statusCode, 'with an expiresAt that is not a time');
	}
	return { customerId, url: link, expiresAt: expiresAt ?? null };
}
