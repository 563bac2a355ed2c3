/**
 * The emulator reads customers as API-NOTES.md describes: GET /v2/customer/{id} with the
 * verification profiles and no link, and GET /v2/customer with filters and pages that never
 * hold more than its maximum page size. Every answer is checked against the contract (fixtures).
 */
import { API_KEY, useEmulator } from './fixtures';

describe('the emulator reads customers', () => {
	const env = useEmulator({ maxPageSize: 3 });
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's JSON, checked against the contract
	type Json = any;
	const read = async (path: string): Promise<{ status: number; body: Json }> => {
		const response = await fetch(`${env.emulator.url}${path}`, { headers: { authorization: `Bearer ${API_KEY}` } });
		return { status: response.status, body: await response.json() };
	};

	test('a created customer reads back without its link; its status follows setVerification', async () => {
		const created = await fetch(`${env.emulator.url}/v2/customer/kyc-link`, {
			method: 'POST',
			headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
			body: JSON.stringify({ type: 'individual', email: 'ada@example.com', phone: '+14155550123', address: { line1: '1 Main St', city: 'Chicago', state: 'IL', postalCode: '60606', country: 'USA' } }),
		}).then(async (response): Promise<Json> => await response.json());
		const { status, body } = await read(`/v2/customer/${created.customerId}`);
		expect(status).toBe(200);
		expect(body).toMatchObject({ id: created.customerId, type: 'individual', email: 'ada@example.com' });
		expect(body.verificationProfiles).toEqual([{ name: 'kyc_profile_a', status: 'incomplete', criteria: expect.any(Object) }]);
		expect(JSON.stringify(body)).not.toContain(created.url);
		env.emulator.setVerification(created.customerId, 'pending');
		expect((await read(`/v2/customer/${created.customerId}`)).body.verificationProfiles[0].status).toBe('pending');
	});

	test('an unknown ID is a 404 ProblemDetails', async () => {
		expect(await read('/v2/customer/customer_missing')).toMatchObject({ status: 404, body: { code: 'resource/not-found' } });
	});

	test('lists newest first, filters, and pages of at most the maximum page size whatever the limit', async () => {
		const ids = ['incomplete', 'pending', 'approved', 'rejected', 'approved'].map((status, i) => {
			const id = env.emulator.seedLinkCustomer({ email: `c${i}@example.com`, firstName: i === 1 ? 'Grace' : 'Ada', type: i === 4 ? 'business' : 'individual' });
			env.emulator.setVerification(id, status as 'approved');
			return id;
		});
		const first = await read('/v2/customer?page=1&limit=50');
		expect(first.body.customers.map((c: { id: string }) => c.id)).toEqual([ids[4], ids[3], ids[2]]);
		expect(first.body.pagination).toEqual({ page: 1, limit: 3, total: 5, totalPages: 2, hasNext: true, hasPrevious: false });
		const second = await read('/v2/customer?page=2&limit=50');
		expect(second.body.customers.map((c: { id: string }) => c.id)).toEqual([ids[1], ids[0]]);
		expect(second.body.pagination.hasNext).toBe(false);
		const emails = async (query: string) => (await read(`/v2/customer?${query}`)).body.customers.map((c: { email: string }) => c.email);
		expect(await emails('status=approved')).toEqual(['c4@example.com', 'c2@example.com']);
		expect(await emails('search=grace')).toEqual(['c1@example.com']);
		expect(await emails('email=c3@example.com')).toEqual(['c3@example.com']);
		expect(await emails('type=business')).toEqual(['c4@example.com']);
	});

	test('a customer may have several profiles, or none', async () => {
		const several = env.emulator.seedLinkCustomer({ profiles: [{ name: 'kyc_profile_a', status: 'approved' }, { name: 'kyc_profile_b', status: 'pending' }] });
		const none = env.emulator.seedLinkCustomer({ profiles: [] });
		expect((await read(`/v2/customer/${several}`)).body.verificationProfiles.map((p: { status: string }) => p.status)).toEqual(['approved', 'pending']);
		expect((await read(`/v2/customer/${none}`)).body.verificationProfiles).toEqual([]);
	});
});
