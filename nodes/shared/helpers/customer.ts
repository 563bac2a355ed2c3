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

/** The name fields each customer type carries; a customer of another type keeps all four. A Map: the type is SpherePay's data. */
const NAME_FIELDS = new Map([
	['individual', ['firstName', 'lastName']],
	['business', ['businessLegalName', 'businessTradeName']],
]);

/**
 * A customer in a dozen fields, for Simplify: who it is, how to reach them, where their
 * verification stands overall and per profile (`{ kyc_profile_a: 'approved' }`), their Terms
 * of Service status and when they were created. Verification criteria, `meta` and other
 * fields are left out; a field the answer lacks stays absent.
 */
export function simplifyCustomer(customer: IDataObject): IDataObject {
	const names = NAME_FIELDS.get(String(customer.type)) ?? [...NAME_FIELDS.values()].flat();
	const profiles = Array.isArray(customer.verificationProfiles) ? (customer.verificationProfiles as unknown[]) : [];
	const profileStatus: IDataObject = {};
	for (const profile of profiles) {
		const { name, status } = (profile ?? {}) as IDataObject;
		// Defined, not assigned: a profile named `__proto__` is data, not the object's prototype.
		if (typeof name === 'string' && !Object.hasOwn(profileStatus, name)) {
			Object.defineProperty(profileStatus, name, { value: status ?? null, enumerable: true, writable: true, configurable: true });
		}
	}
	const simple: IDataObject = {};
	for (const key of ['id', 'type', ...names, 'email', 'phone']) if (customer[key] !== undefined) simple[key] = customer[key];
	simple.verificationStatus = verificationStatus(customer);
	simple.profileStatus = profileStatus;
	for (const key of ['tosStatus', 'createdAt']) if (customer[key] !== undefined) simple[key] = customer[key];
	return simple;
}
