import { SAMPLE_BODY } from '../samples';
import { API_KEY, createParameters, useEmulator } from './fixtures';
import { runNode } from './harness';

describe('Create Customer via Link, run by n8n-core against the emulator', () => {
	const env = useEmulator();

	test('sends every field in the request DTO and outputs the link exactly as returned', async () => {
		const { output, error } = await runNode({
			parameters: createParameters({ customerType: 'business' }),
			credential: env.credential,
		});

		expect(error).toBeUndefined();
		const [request] = env.emulator.requests;
		expect(env.emulator.requests).toHaveLength(1);
		expect(request.method).toBe('POST');
		expect(request.url).toBe('/v2/customer/kyc-link');
		expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
		expect(request.headers['content-type']).toMatch(/^application\/json/);
		expect(request.body).toEqual({ ...SAMPLE_BODY, type: 'business' });
		expect(request.status).toBe(201);

		const [customer] = [...env.emulator.customers.values()];
		expect(output).toEqual([{ json: customer.links[0], pairedItem: { item: 0 } }]);
		expect(Object.keys(output[0].json).sort()).toEqual(['customerId', 'expiresAt', 'url']);
	});

	test('leaves empty optional fields out of the body', async () => {
		const { error } = await runNode({
			parameters: createParameters({
				addressLine2: '',
				state: '  ',
				postalCode: '',
				country: 'DEU',
				city: 'Berlin',
				addressLine1: 'Unter den Linden 1',
			}),
			credential: env.credential,
		});
		// Germany needs a postal code: the emulator, like SpherePay, answers 400 for it.
		expect(error?.message).toBe('Invalid request parameters [item 0]');
		expect(env.emulator.requests[0].body).toEqual({
			type: 'individual',
			email: 'jane.smith@example.com',
			phone: '+14155550123',
			address: { line1: 'Unter den Linden 1', city: 'Berlin', country: 'DEU' },
		});
	});

	test('normalises phone and country before sending', async () => {
		const { output, error } = await runNode({
			parameters: createParameters({ phone: '+1 (415) 555-0123', country: 'us' }),
			credential: env.credential,
		});
		expect(error).toBeUndefined();
		expect(output).toHaveLength(1);
		expect(env.emulator.requests[0].body).toMatchObject({
			phone: '+14155550123',
			address: { country: 'USA' },
		});
	});

	test('fills fields from the previous node with expressions, one request per item, in order', async () => {
		const people = [
			{ mail: 'ada@example.com', tel: '+44 20 7946 0958', cc: 'gb', town: 'London', zip: 'SW1A 1AA' },
			{ mail: 'linus@example.com', tel: '+358 9 123 4567', cc: 'FIN', town: 'Helsinki', zip: '00100' },
			{ mail: 'grace@example.com', tel: '+1.212.555.0199', cc: 'usa', town: 'New York', zip: 10001 },
		];
		const { output, error } = await runNode({
			parameters: createParameters({
				email: '={{ $json.mail }}',
				phone: '={{ $json.tel }}',
				country: '={{ $json.cc }}',
				city: '={{ $json.town }}',
				postalCode: '={{ $json.zip }}',
				state: '={{ $json.cc.toLowerCase().startsWith("us") ? "NY" : "" }}',
				addressLine2: '',
			}),
			items: people,
			credential: env.credential,
		});

		expect(error).toBeUndefined();
		expect(env.emulator.requests.map((r) => r.body)).toEqual([
			{
				type: 'individual',
				email: 'ada@example.com',
				phone: '+442079460958',
				address: { line1: '233 South Wacker Drive', city: 'London', postalCode: 'SW1A 1AA', country: 'GBR' },
			},
			{
				type: 'individual',
				email: 'linus@example.com',
				phone: '+35891234567',
				address: { line1: '233 South Wacker Drive', city: 'Helsinki', postalCode: '00100', country: 'FIN' },
			},
			{
				type: 'individual',
				email: 'grace@example.com',
				phone: '+12125550199',
				address: {
					line1: '233 South Wacker Drive',
					city: 'New York',
					state: 'NY',
					postalCode: '10001',
					country: 'USA',
				},
			},
		]);
		const links = [...env.emulator.customers.values()].map((c) => c.links[0]);
		expect(output).toEqual(links.map((json, item) => ({ json, pairedItem: { item } })));
	});

	test('accepts a base URL with a trailing slash', async () => {
		const { error } = await runNode({
			parameters: createParameters(),
			credential: { ...env.credential, baseUrl: `${env.emulator.url}/` },
		});
		expect(error).toBeUndefined();
		expect(env.emulator.requests[0].url).toBe('/v2/customer/kyc-link');
	});
});
