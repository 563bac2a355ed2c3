import type { KycLink } from '../../helpers/customer';
import { malformedResponseError } from '../../helpers/responseErrors';
import type { ResponseContext } from '../../helpers/spherePayError';
import type { SpherePayResponse } from '../index';

const KYC_LINK_FIELDS = ['customerId', 'url', 'expiresAt'] as const;

/** Returns exactly `{ customerId, url, expiresAt }` as SpherePay sent them, or fails naming what is missing. */
export function readKycLink(context: ResponseContext, response: SpherePayResponse): KycLink {
	const body = response.body;
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		const what = typeof body === 'string' && body.trim() !== '' ? 'a body that is not JSON' : 'an empty body';
		throw malformedResponseError(context, response.statusCode, `with ${what} instead of the KYC link`);
	}
	const record = body as Record<string, unknown>;
	const missing = KYC_LINK_FIELDS.filter(
		(key) => typeof record[key] !== 'string' || record[key] === '',
	);
	if (missing.length > 0) {
		throw malformedResponseError(context, response.statusCode, `without ${missing.join(', ')}`);
	}
	return {
		customerId: record.customerId as string,
		url: record.url as string,
		expiresAt: record.expiresAt as string,
	};
}
