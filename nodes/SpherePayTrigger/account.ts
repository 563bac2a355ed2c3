import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'crypto';

import { baseUrlOf, type SpherePayCredentials } from '../shared/helpers/baseUrl';
import { keyFingerprint } from '../shared/helpers/fingerprint';

/** The credential fields that say which SpherePay account a request reaches. */
export interface AccountCredentials {
	apiKey?: unknown;
	environment?: unknown;
	baseUrl?: unknown;
}

/**
 * The SpherePay account a credential reaches: where requests go (the base URL, as the
 * transport resolves it) and a fingerprint of the API key, which tells keys apart in static
 * data without storing the key.
 */
export interface SpherePayAccount {
	origin: string;
	keyFingerprint: string;
	apiKey: string;
}

function apiKeyOf(credentials: AccountCredentials): string {
	return String(credentials.apiKey ?? '').trim();
}

/** The base URL requests go to, as the transport resolves it (which refuses an invalid one before any request). */
function originOf(credentials: AccountCredentials): string {
	const target = baseUrlOf(credentials as SpherePayCredentials);
	return 'baseUrl' in target ? target.baseUrl : String(credentials.baseUrl ?? '').trim();
}

export function accountOf(credentials: AccountCredentials): SpherePayAccount {
	const apiKey = apiKeyOf(credentials);
	return { origin: originOf(credentials), keyFingerprint: keyFingerprint(apiKey), apiKey };
}

/**
 * Webhook signing secrets at rest: AES-256-GCM under a key derived (HKDF-SHA256) from the
 * credential's API key, bound to the origin and webhook ID, so that static data alone (an
 * export, a backup) cannot sign a delivery. `v1.<iv>.<ciphertext>.<tag>`, base64url.
 */
const SEALED = /^v1\.([\w-]+)\.([\w-]+)\.([\w-]+)$/;
const HKDF_SALT = 'n8n-nodes-spherepay';
const HKDF_INFO = 'SpherePay Trigger webhook signing secret';

function secretKey(apiKey: string): Buffer {
	return Buffer.from(hkdfSync('sha256', apiKey, HKDF_SALT, HKDF_INFO, 32));
}

const boundTo = (origin: string, webhookId: string) => Buffer.from(`${origin}\n${webhookId}`, 'utf8');

export function sealSecret(account: SpherePayAccount, webhookId: string, secret: string): string {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', secretKey(account.apiKey), iv);
	cipher.setAAD(boundTo(account.origin, webhookId));
	const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
	return ['v1', iv, sealed, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

/** The secret, or undefined when it was sealed under another API key, origin or webhook (or changed). */
export function openSecret(account: SpherePayAccount, webhookId: string, sealed: unknown): string | undefined {
	const parts = typeof sealed === 'string' ? SEALED.exec(sealed) : null;
	if (!parts) return undefined;
	try {
		const decipher = createDecipheriv('aes-256-gcm', secretKey(account.apiKey), Buffer.from(parts[1], 'base64url'));
		decipher.setAAD(boundTo(account.origin, webhookId));
		decipher.setAuthTag(Buffer.from(parts[3], 'base64url'));
		return Buffer.concat([decipher.update(Buffer.from(parts[2], 'base64url')), decipher.final()]).toString('utf8');
	} catch {
		// An authentication failure: sealed under another key. The caller asks SpherePay again.
		return undefined;
	}
}
