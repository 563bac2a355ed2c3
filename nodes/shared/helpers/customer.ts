import type { IDataObject } from 'n8n-workflow';

export type VerificationStatus = 'incomplete' | 'pending' | 'approved' | 'rejected';

/** The API's GenerateKycUrlResponseDto: what each successful link operation outputs. */
export interface KycLink extends IDataObject {
	customerId: string;
	url: string;
	expiresAt: string;
}

/**
 * Where a customer's verification stands, from its `verificationProfiles[].status`: approved
 * when any profile is approved (the customer can transact on that rail); else pending when any
 * is under review; else rejected when any was rejected; else incomplete, also with no profile.
 */
export function verificationStatus(customer: IDataObject): VerificationStatus {
	const profiles = Array.isArray(customer.verificationProfiles) ? customer.verificationProfiles : [];
	const statuses = new Set(profiles.map((profile) => (profile as IDataObject | null)?.status));
	for (const status of ['approved', 'pending', 'rejected'] as const) if (statuses.has(status)) return status;
	return 'incomplete';
}

export const withVerificationStatus = (customer: IDataObject): IDataObject => ({
	...customer,
	verificationStatus: verificationStatus(customer),
});
