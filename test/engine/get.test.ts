/**
 * Get Customer: GET /v2/customer/{id}; the output is the customer exactly as SpherePay
 * returned it, plus verificationStatus for one IF or Switch condition.
 */
import type { INodeParameters, NodeParameterValueType } from 'n8n-workflow';

import { verificationStatus } from '../../nodes/shared/helpers/customer';
import { useEmulator } from './fixtures';
import { runNode } from './harness';

const getParameters = (customerId: NodeParameterValueType): INodeParameters => ({ resource: 'customer', operation: 'get', customerId });

describe('Get Customer', () => {
	const env = useEmulator();

	test.each([
		['version 1, a plain ID', 1, (id: string) => id],
		['version 2, From List', 2, (id: string) => ({ __rl: true, mode: 'list', value: id })],
		['version 2, By ID', 2, (id: string) => ({ __rl: true, mode: 'id', value: id })],
	])('%s: every field SpherePay returned, unchanged, plus verificationStatus', async (_name, typeVersion, value) => {
		const id = env.emulator.seedLinkCustomer({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' });
		env.emulator.setVerification(id, 'pending');
		const { output, error } = await runNode({ parameters: getParameters(value(id)), credential: env.credential, typeVersion });
		expect(error).toBeUndefined();
		const [request] = env.emulator.requests;
		expect([request.method, request.path, request.rawBody]).toEqual(['GET', `/v2/customer/${id}`, '']);
		const answered = await fetch(`${env.emulator.url}/v2/customer/${id}`, { headers: { authorization: String(request.headers.authorization) } }).then(
			async (response) => (await response.json()) as Record<string, unknown>,
		);
		expect(output).toEqual([{ json: { ...answered, verificationStatus: 'pending' }, pairedItem: { item: 0 } }]);
	});

	test.each(['incomplete', 'pending', 'approved', 'rejected'] as const)('a customer whose profile is %s', async (status) => {
		const id = env.emulator.seedLinkCustomer({});
		env.emulator.setVerification(id, status);
		const { output } = await runNode({ parameters: getParameters(id), credential: env.credential });
		expect(output[0].json.verificationStatus).toBe(status);
	});

	test('several items: one output each, in order and paired', async () => {
		const ids = ['approved', 'incomplete', 'rejected'].map((status) => {
			const id = env.emulator.seedLinkCustomer({});
			env.emulator.setVerification(id, status as 'approved');
			return id;
		});
		const { output } = await runNode({ parameters: getParameters('={{ $json.id }}'), items: ids.map((id) => ({ id })), credential: env.credential });
		expect(output.map((o) => [o.json.id, o.json.verificationStatus, o.pairedItem])).toEqual([
			[ids[0], 'approved', { item: 0 }],
			[ids[1], 'incomplete', { item: 1 }],
			[ids[2], 'rejected', { item: 2 }],
		]);
	});

	test('an unknown ID: SpherePay has no customer with this ID; with Continue On Fail, one error item', async () => {
		const { output } = await runNode({ parameters: getParameters('customer_unknown'), credential: env.credential, continueOnFail: true });
		expect(output).toEqual([
			{
				json: expect.objectContaining({ error: 'SpherePay has no customer with this ID [item 0]', httpCode: 404, code: 'resource/not-found' }),
				pairedItem: { item: 0 },
			},
		]);
	});

	test('a read is retried after a server error', async () => {
		const id = env.emulator.seedLinkCustomer({});
		env.emulator.fault({ path: `/v2/customer/${id}`, status: 503 });
		const { output, error } = await runNode({ parameters: getParameters(id), credential: env.credential });
		expect(error).toBeUndefined();
		expect(output[0].json.id).toBe(id);
		expect(env.emulator.requests).toHaveLength(2);
	});

	test('a 200 without a customer is an error that says so', async () => {
		const id = env.emulator.seedLinkCustomer({});
		env.emulator.fault({ path: `/v2/customer/${id}`, status: 200, json: { ok: true } });
		const { error } = await runNode({ parameters: getParameters(id), credential: env.credential });
		expect(error?.message).toBe('SpherePay answered 200 without a customer [item 0]');
		expect(error?.description).toBe('The answer is not what SpherePay documents. Running the item again is safe.');
	});
});

describe('verificationStatus: one field for one IF condition, whatever the profiles', () => {
	const profiles = (...statuses: string[]) => ({ verificationProfiles: statuses.map((status, i) => ({ name: `kyc_profile_${i}`, status })) });

	test.each([
		[profiles('approved', 'pending'), 'approved'],
		[profiles('rejected', 'approved'), 'approved'],
		[profiles('rejected', 'pending'), 'pending'],
		[profiles('incomplete', 'rejected'), 'rejected'],
		[profiles('incomplete', 'incomplete'), 'incomplete'],
		[profiles(), 'incomplete'],
		[{}, 'incomplete'],
		[{ verificationProfiles: [null, { status: 'something new' }] }, 'incomplete'],
	])('%j → %s', (customer, expected) => {
		expect(verificationStatus(customer as never)).toBe(expected);
	});
});
