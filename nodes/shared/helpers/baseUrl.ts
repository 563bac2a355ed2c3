import { SPHEREPAY_HOSTS, type SpherePayEnvironment } from '../constants';

export interface SpherePayCredentials {
	environment?: SpherePayEnvironment;
	baseUrl?: string;
}

/** Why a credential's Base URL is refused, and what to do. */
interface BaseUrlProblem {
	message: string;
	fix: string;
}

const FIX =
	'Open the credential and enter a URL such as https://api.spherepay.co or http://127.0.0.1:4010, or choose Production or Sandbox.';

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
/** Names that no public DNS answers (RFC 6761, 6762, 8375 and ICANN's .internal). */
const PRIVATE_SUFFIX = /\.(localhost|test|local|internal|lan|home\.arpa)$/;

/**
 * Whether plain http may carry the API key to `hostname` (as `URL` normalises it): this
 * machine or a private network (loopback, RFC 1918, link-local, IPv6 unique-local), or a
 * name only a private network resolves (`localhost`, one label such as a container's
 * service name, `.internal`, `.local`, `.lan`, `.home.arpa`, `.test`). Everything else
 * needs https.
 */
export function isPrivateHost(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
	if (host === 'localhost' || PRIVATE_SUFFIX.test(host)) return true;
	const v4 = IPV4.exec(host);
	if (v4) {
		const [a, b] = [Number(v4[1]), Number(v4[2])];
		return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
	}
	if (host.includes(':')) return host === '::1' || /^f[cd][0-9a-f]{2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host);
	return !host.includes('.');
}

/**
 * Where the credential sends requests, or why it cannot: SpherePay's hosts, or a Custom URL
 * that is http(s), has no query, fragment, user name or password (paths are appended to it,
 * and the API key must go nowhere else), and uses https unless it is private.
 */
export function baseUrlOf(credentials: SpherePayCredentials): { baseUrl: string } | BaseUrlProblem {
	const environment = credentials.environment ?? 'production';
	if (environment !== 'custom') {
		return { baseUrl: Object.hasOwn(SPHEREPAY_HOSTS, environment) ? SPHEREPAY_HOSTS[environment] : SPHEREPAY_HOSTS.production };
	}
	const baseUrl = String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
	let url: URL | undefined;
	try {
		url = new URL(baseUrl);
	} catch {
		url = undefined;
	}
	if (!url || !['http:', 'https:'].includes(url.protocol)) {
		return { message: 'The SpherePay credential’s Base URL is not a valid http(s) URL', fix: FIX };
	}
	if (/[?#]/.test(baseUrl) || url.username || url.password) {
		return {
			message:
				'The SpherePay credential’s Base URL must not contain a query (?…), a fragment (#…) or a user name or password',
			fix: `Paths such as /v2/customer/kyc-link are appended to it. ${FIX}`,
		};
	}
	if (url.protocol === 'http:' && !isPrivateHost(url.hostname)) {
		return {
			message: 'The SpherePay credential’s Base URL must use https:// unless it points at this machine or a private network',
			fix: `Plain http would send the API key unencrypted. Use https://${url.host}${url.pathname === '/' ? '' : url.pathname}; http is for this machine or a private network only.`,
		};
	}
	return { baseUrl };
}
