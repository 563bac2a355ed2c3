import { baseUrlOf, isPrivateHost } from '../../nodes/shared/helpers/baseUrl';

const hostOf = (url: string) => new URL(url).hostname;

describe('where plain http may carry the API key', () => {
	test.each([
		'http://127.0.0.1:4010',
		'http://127.8.9.10',
		'http://localhost:4010',
		'http://emulator.localhost',
		'http://10.0.0.5:8080',
		'http://172.16.0.1',
		'http://172.31.255.255',
		'http://192.168.1.20',
		'http://169.254.10.1',
		'http://[::1]:4010',
		'http://[fd12:3456::1]',
		'http://[fe80::1]',
		'http://spherepay-mock:4010',
		'http://gateway.internal',
		'http://printer.local',
		'http://nas.home.arpa',
		'http://router.lan',
		'http://api.test',
		'http://2130706433', // 127.0.0.1, as URL normalises it
	])('%s is private', (url) => {
		expect(isPrivateHost(hostOf(url))).toBe(true);
	});

	test.each([
		'http://api.spherepay.co',
		'http://203.0.113.7',
		'http://8.8.8.8',
		'http://172.32.0.1',
		'http://172.15.0.1',
		'http://192.169.0.1',
		'http://11.0.0.1',
		'http://[2001:db8::1]',
		'http://127.0.0.1.nip.io',
		'http://localhost.attacker.example',
		'http://internal.example.com',
	])('%s is not', (url) => {
		expect(isPrivateHost(hostOf(url))).toBe(false);
	});
});

describe('the credential’s Base URL', () => {
	test.each([
		[{ environment: 'production' as const }, 'https://api.spherepay.co'],
		[{ environment: 'sandbox' as const }, 'https://api.sandbox.spherepay.co'],
		[{}, 'https://api.spherepay.co'],
		[{ environment: 'custom' as const, baseUrl: ' https://gw.example.com/spherepay/ ' }, 'https://gw.example.com/spherepay'],
		[{ environment: 'custom' as const, baseUrl: 'http://127.0.0.1:4010/' }, 'http://127.0.0.1:4010'],
	])('%j → %s', (credentials, expected) => {
		expect(baseUrlOf(credentials)).toEqual({ baseUrl: expected });
	});

	test('an environment named like an Object property is production, not a function', () => {
		expect(baseUrlOf({ environment: 'constructor' as never })).toEqual({ baseUrl: 'https://api.spherepay.co' });
	});

	test.each([
		['http://api.spherepay.co', /must use https:\/\//],
		['https://gw.example.com?x=1', /must not contain a query/],
		['https://user:pw@gw.example.com', /user name or password/],
		['ftp://gw.example.com', /not a valid http\(s\) URL/],
		['', /not a valid http\(s\) URL/],
	])('%j is refused: %s', (baseUrl, reason) => {
		const result = baseUrlOf({ environment: 'custom', baseUrl });
		expect('message' in result && result.message).toMatch(reason);
	});
});
