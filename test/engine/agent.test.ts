/**
 * The node as an AI agent's tool, run by n8n-core as the AI Agent runs it (the node marked
 * `rewireOutputLogTo: ai_tool`): `$fromAI()` fills its fields, and a refused value or an API
 * error becomes the tool's answer, naming the field and the fix, instead of ending the run.
 * Nothing in an answer carries the API key.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SAMPLE_FIELDS } from '../samples';
import { API_KEY, useEmulator } from './fixtures';
import { runAsSubNodeTool, runNode } from './harness';

const fromAI = (key: string, description: string, type = 'string') => `={{ $fromAI('${key}', '${description}', '${type}') }}`;
const picker = (value: string, mode = 'list') => ({ __rl: true, mode, value });

describe('the SpherePay Tool', () => {
	const env = useEmulator();
	const asTool = async (parameters: INodeParameters, args: IDataObject, typeVersion = 3, extra = {}) =>
		await runNode({ parameters, items: [args], credential: env.credential, typeVersion, asTool: true, ...extra });

	describe('$fromAI fills every kind of field', () => {
		test.each([
			['From List', 'list'],
			['By ID', 'id'],
		])('Customer picker, mode %s: a plain ID from the model', async (_name, mode) => {
			const id = env.emulator.seedLinkCustomer({ firstName: 'Ada', lastName: 'Lovelace' });
			const { output, error } = await asTool(
				{ resource: 'customer', operation: 'get', customerId: picker(fromAI('customerId', 'The customer ID'), mode) },
				{ customerId: id },
			);
			expect(error).toBeUndefined();
			expect(output.map((o) => [o.json.id, o.json.firstName])).toEqual([[id, 'Ada']]);
		});

		test.each([
			['SpherePay’s API', (id: string) => `https://api.spherepay.co/v2/customer/${id}`],
			['a dashboard page', (id: string) => `https://app.spherepay.co/customers/${id}/overview?tab=kyc`],
		])('Customer picker: a URL from %s stands for the ID in its path', async (_name, url) => {
			const id = env.emulator.seedLinkCustomer({});
			const { output } = await asTool({ resource: 'customer', operation: 'regenerateKycLink', customerId: picker(fromAI('customer', 'ID or URL')) }, { customer: url(id) });
			expect(output[0].json.customerId).toBe(id);
			expect(env.emulator.requests.map((r) => r.path)).toEqual([`/v2/customer/${id}/kyc-link`]);
		});

		test('a URL without a customer ID is refused before sending, saying what to give instead', async () => {
			const { output } = await asTool({ resource: 'customer', operation: 'get', customerId: picker(fromAI('customer', 'ID')) }, { customer: 'https://app.spherepay.co/customers' });
			expect(output.map((o) => o.json)).toEqual([
				{
					error: 'Customer ID is a URL that names no customer [item 0]',
					description: expect.stringContaining('Give the customer’s ID (customer_…'),
					field: 'customerId',
				},
			]);
			expect(env.emulator.requests).toEqual([]);
		});

		test('Get Many: a filter in the Filters collection, the limit and Simplify', async () => {
			env.emulator.seedLinkCustomer({ email: 'grace@example.com', firstName: 'Grace' });
			const ada = env.emulator.seedLinkCustomer({ email: 'ada@example.com', firstName: 'Ada' });
			const { output } = await asTool(
				{
					resource: 'customer',
					operation: 'getAll',
					limit: fromAI('limit', 'How many', 'number'),
					filters: { email: fromAI('email', 'Exact email') },
					simple: fromAI('simple', 'Simplified', 'boolean'),
				},
				{ limit: 5, email: 'ada@example.com', simple: true },
			);
			expect(output.map((o) => o.json)).toEqual([expect.objectContaining({ id: ada, firstName: 'Ada', verificationStatus: 'incomplete', profileStatus: { kyc_profile_a: 'incomplete' } })]);
			expect(env.emulator.requests[0].query).toEqual({ page: '1', limit: '5', email: 'ada@example.com' });
		});

		test('Create Customer via Link, version 3: the resource mapper’s fields, the Customer Type options field and the Idempotency Key option', async () => {
			const value = Object.fromEntries(Object.keys(SAMPLE_FIELDS).map((name) => [name, fromAI(name, `The ${name}`)]));
			const { output, error } = await asTool(
				{
					resource: 'customer',
					operation: 'createViaLink',
					columns: { mappingMode: 'defineBelow', value, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: true },
					options: { idempotencyKey: fromAI('idempotencyKey', 'A key') },
				},
				{ ...SAMPLE_FIELDS, idempotencyKey: 'agent-1' },
			);
			expect(error).toBeUndefined();
			expect(output[0].json).toEqual({ customerId: expect.stringMatching(/^customer_/), url: expect.any(String), expiresAt: expect.any(String) });
			expect(env.emulator.requests[0].headers['idempotency-key']).toBe('agent-1');
		});
	});

	describe('errors are the tool’s answer', () => {
		const create = (): INodeParameters => ({ resource: 'customer', operation: 'createViaLink', ...SAMPLE_FIELDS, email: fromAI('email', 'The email') });

		test('a refused value: the field, the problem and the fix; nothing sent; the run goes on', async () => {
			const { output, error, run } = await asTool(create(), { email: 'ada(at)example.com' }, 2);
			expect(error).toBeUndefined();
			expect(run.status).toBe('success');
			expect(output.map((o) => o.json)).toEqual([
				{
					error: 'Email is not a valid email address [item 0]',
					description: 'Got "ada(at)example.com". Use the form name@example.com, without spaces or display names.',
					field: 'email',
				},
			]);
			expect(env.emulator.requests).toEqual([]);
		});

		test('the same item outside an agent still stops the workflow', async () => {
			const { error } = await runNode({ parameters: create(), items: [{ email: 'ada(at)example.com' }], credential: env.credential, typeVersion: 2 });
			expect(error?.message).toBe('Email is not a valid email address [item 0]');
		});

		test('On Error set to Stop Workflow keeps the error thrown, as n8n 2.41 does for tools', async () => {
			const { error, output } = await asTool(create(), { email: 'ada(at)example.com' }, 2, { onError: 'stopWorkflow' });
			expect(error?.message).toBe('Email is not a valid email address [item 0]');
			expect(output).toEqual([{ json: { error: 'Email is not a valid email address [item 0]' } }]);
		});

		test('an API error: what SpherePay said, the status and what to do', async () => {
			const { output, error } = await asTool({ resource: 'customer', operation: 'get', customerId: picker(fromAI('customerId', 'ID'), 'id') }, { customerId: 'Ada Lovelace' });
			expect(error).toBeUndefined();
			expect(output.map((o) => o.json)).toEqual([
				expect.objectContaining({
					error: 'SpherePay has no customer with this ID [item 0]',
					description: expect.stringContaining('find their ID with Get Many (by email or name)'),
					httpCode: 404,
				}),
			]);
		});

		test('an answer that echoes the API key: the key is replaced in everything the agent gets', async () => {
			const id = env.emulator.seedLinkCustomer({});
			env.emulator.fault({
				path: `/v2/customer/${id}`,
				status: 401,
				json: { status: 401, detail: `Invalid API key ${API_KEY}`, errors: [{ header: 'Authorization', detail: `Bearer ${API_KEY} is not valid` }] },
			});
			// The harness also fails any run whose data holds the key.
			const { output, error } = await asTool({ resource: 'customer', operation: 'get', customerId: picker(id, 'id') }, {});
			expect(error).toBeUndefined();
			const answer = JSON.stringify(output.map((o) => o.json));
			expect(answer).not.toContain(API_KEY);
			expect(answer).toContain('Invalid API key [redacted]');
		});
	});
});

describe('the SpherePay Tool behind the MCP Server Trigger (a sub-node context)', () => {
	const env = useEmulator();

	test('a refused value is the answer, with the field and the fix', async () => {
		const answer = await runAsSubNodeTool({
			parameters: { resource: 'customer', operation: 'createViaLink', ...SAMPLE_FIELDS, email: fromAI('email', 'The email') },
			args: { email: 'not an email' },
			credential: env.credential,
			typeVersion: 2,
		});
		expect(JSON.parse(answer)).toEqual([
			{
				error: 'Email is not a valid email address [item 0]',
				description: 'Got "not an email". Use the form name@example.com, without spaces or display names.',
				field: 'email',
			},
		]);
	});

	test('a customer, simplified', async () => {
		const id = env.emulator.seedLinkCustomer({ firstName: 'Ada' });
		const answer = await runAsSubNodeTool({
			parameters: { resource: 'customer', operation: 'get', customerId: picker(fromAI('customerId', 'ID')) },
			args: { customerId: id },
			credential: env.credential,
			typeVersion: 3,
		});
		expect(JSON.parse(answer)).toEqual([expect.objectContaining({ id, firstName: 'Ada', verificationStatus: 'incomplete' })]);
	});
});
