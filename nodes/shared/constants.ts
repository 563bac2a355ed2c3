// Shared by both nodes and the credential; keep this module free of imports.

/** The credential both nodes use (credentials/SpherePayApi.credentials.ts). */
export const CREDENTIAL_TYPE = 'spherePayApi';

export type SpherePayEnvironment = 'production' | 'sandbox' | 'custom';

export const SPHEREPAY_HOSTS = {
	production: 'https://api.spherepay.co',
	sandbox: 'https://api.sandbox.spherepay.co',
} as const;

export const REFUSED_KEY_MESSAGE =
	'SpherePay refused this API key. Check that it was copied whole and belongs to the chosen environment (production and sandbox keys differ).';

export const NOT_SPHEREPAY_MESSAGE =
	'The base URL answered, but not with SpherePay’s customer list. Check the environment or base URL; if they are right, SpherePay may be unavailable.';

// The bounds of the SpherePay node's Timeout and Retries options, which expressions cannot exceed.
/** The longest one request may take unless the node's Timeout option says otherwise. */
export const DEFAULT_TIMEOUT_SECONDS = 60;
export const MAX_TIMEOUT_SECONDS = 600;
export const DEFAULT_RETRIES = 3;
export const MAX_RETRIES = 10;
