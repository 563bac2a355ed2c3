/**
 * Simplify (node version 3, on by default) on Get Customer and Get Many: a dozen fields an
 * agent or an IF node can read; off gives the customer as SpherePay returned it. Versions 1
 * and 2 have no Simplify and output the full customer as before.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { useEmulator } from './fixtures';
import { runNode } from './harness';

const get = (id: string, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'customer',
	operation: 'get',
	customerId: { __rl: true, mode: 'id', value: id },
	...extra,
});
const getMany = (extra: INodeParameters = {}): INodeParameters => ({ resource: 'customer', operation: 'getAll', returnAll: true, ...extra });

describe('Simplify', () => {
	const env = useEmulator();
	const PROFILES = [
		{ name: 'kyc_profile_a', status: 'approved' },
		{ name: 'kyc_profile_b', status: 'pending' },
	];
	const seedIndividual = () => {
		const id = env.emulator.seedLinkCustomer({ email: 'ada@example.com', phone: '+14155550123', firstName: 'Ada', lastName: 'Lovelace' });
		env.emulator.setVerification(id, PROFILES);
		return id;
	};
	const seedBusiness = () =>
		env.emulator.seedLinkCustomer({
			type: 'business',
			email: 'ops@acme.example',
			businessLegalName: 'Acme Holdings Ltd',
			businessTradeName: 'Acme',
		});
	/** The customer exactly as SpherePay answers it. */
	const answered = async (id: string) =>
		(await fetch(`${env.emulator.url}/v2/customer/${id}`, { headers: { authorization: `Bearer ${String(env.credential.apiKey)}` } }).then(
			async (response) => await response.json(),
		)) as IDataObject;

	test('an individual, simplified by default in version 3: names, contact, overall and per-profile status, Terms of Service, creation', async () => {
		const id = seedIndividual();
		const full = await answered(id);
		const { output, error } = await runNode({ parameters: get(id), credential: env.credential, typeVersion: 3 });
		expect(error).toBeUndefined();
		expect(output).toEqual([
			{
				json: {
					id,
					type: 'individual',
					firstName: 'Ada',
					lastName: 'Lovelace',
					email: 'ada@example.com',
					phone: '+14155550123',
					verificationStatus: 'approved',
					profileStatus: { kyc_profile_a: 'approved', kyc_profile_b: 'pending' },
					tosStatus: 'incomplete',
					createdAt: full.createdAt,
				},
				pairedItem: { item: 0 },
			},
		]);
		// Keys in the order written above: what an agent reads first comes first.
		expect(Object.keys(output[0].json)).toEqual(['id', 'type', 'firstName', 'lastName', 'email', 'phone', 'verificationStatus', 'profileStatus', 'tosStatus', 'createdAt']);
	});

	test('a business: its legal and trade names, no person names', async () => {
		const id = seedBusiness();
		const { output } = await runNode({ parameters: get(id), credential: env.credential, typeVersion: 3 });
		expect(output[0].json).toEqual({
			id,
			type: 'business',
			businessLegalName: 'Acme Holdings Ltd',
			businessTradeName: 'Acme',
			email: 'ops@acme.example',
			verificationStatus: 'incomplete',
			profileStatus: { kyc_profile_a: 'incomplete' },
			tosStatus: 'incomplete',
			createdAt: expect.any(String),
		});
	});

	test.each([
		['version 1', 1, {}],
		['version 2', 2, {}],
		['version 3, Simplify off', 3, { simple: false }],
	])('Get Customer, %s: the customer as SpherePay returned it, plus verificationStatus', async (_name, typeVersion, extra) => {
		const id = seedIndividual();
		const full = await answered(id);
		const customerId = typeVersion === 1 ? id : { __rl: true, mode: 'id', value: id };
		const { output } = await runNode({ parameters: { ...get(id, extra), customerId }, credential: env.credential, typeVersion });
		expect(output.map((o) => o.json)).toEqual([{ ...full, verificationStatus: 'approved' }]);
	});

	test.each([
		['version 2', 2, {}, false],
		['version 3, Simplify off', 3, { simple: false }, false],
		['version 3, Simplify on', 3, { simple: true }, true],
		['version 3, default', 3, {}, true],
	])('Get Many, %s', async (_name, typeVersion, extra, simplified) => {
		const ids = [seedIndividual(), seedBusiness()];
		const full = await Promise.all(ids.map(answered));
		const { output } = await runNode({ parameters: getMany(extra), credential: env.credential, typeVersion });
		const json = output.map((o) => o.json);
		expect(json.map((customer) => customer.id)).toEqual([...ids].reverse());
		if (simplified) {
			expect(json.map((customer) => Object.keys(customer).length)).toEqual([9, 10]);
			expect(json.every((customer) => !('verificationProfiles' in customer) && !('meta' in customer))).toBe(true);
			expect(json[1].profileStatus).toEqual({ kyc_profile_a: 'approved', kyc_profile_b: 'pending' });
		} else {
			expect(json).toEqual(
				[...full].reverse().map((customer, i) => ({ ...customer, verificationStatus: ['incomplete', 'approved'][i] })),
			);
		}
	});

	test('Simplify from an expression, per item', async () => {
		const id = seedIndividual();
		const { output } = await runNode({
			parameters: get(id, { simple: '={{ $json.simple }}' }),
			items: [{ simple: true }, { simple: false }],
			credential: env.credential,
			typeVersion: 3,
		});
		expect(output.map((o) => 'verificationProfiles' in o.json)).toEqual([false, true]);
	});
});
