import type { IDataObject } from 'n8n-workflow';

// Each value list is written once, with the names the editor shows for it.
const CUSTOMER_TYPE_OPTIONS = [
	{ name: 'Individual', value: 'individual', description: 'A person' },
	{ name: 'Business', value: 'business', description: 'A company or other legal entity' },
] as const;

const VERIFICATION_STATUS_OPTIONS = [
	{ name: 'Incomplete', value: 'incomplete', description: 'Has not finished the hosted flow' },
	{ name: 'Pending', value: 'pending', description: 'Submitted, under review' },
	{ name: 'Approved', value: 'approved', description: 'Done: can transact' },
	{ name: 'Rejected', value: 'rejected' },
] as const;

/** SpherePay's customer types. */
export const CUSTOMER_TYPES = CUSTOMER_TYPE_OPTIONS.map(({ value }) => value);

/** Where a customer's verification stands, in the order it moves. */
export const VERIFICATION_STATUSES = VERIFICATION_STATUS_OPTIONS.map(({ value }) => value);

export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

/** The customer types as options of a field; `described` adds what each means. */
export const customerTypeOptions = (described: boolean) =>
	CUSTOMER_TYPE_OPTIONS.map(({ name, value, description }) => (described ? { name, value, description } : { name, value }));

/** The verification statuses as options of a field, by name. */
export const verificationStatusOptions = () =>
	VERIFICATION_STATUS_OPTIONS.map((option) => ({ ...option })).sort((a, b) => a.name.localeCompare(b.name));

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
