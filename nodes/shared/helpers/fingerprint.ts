import { createHmac } from 'crypto';

const FINGERPRINT_LABEL = 'n8n-nodes-spherepay API key fingerprint';

/**
 * Tells API keys apart without keeping them (static data, the transport's pacers): 64 bits
 * of an HMAC leak nothing usable about a high-entropy key.
 */
export function keyFingerprint(apiKey: string): string {
	return createHmac('sha256', FINGERPRINT_LABEL).update(apiKey).digest('hex').slice(0, 16);
}
