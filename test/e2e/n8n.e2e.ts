import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { NOT_SPHEREPAY_MESSAGE, REFUSED_KEY_MESSAGE } from '../../nodes/shared/constants';
import { startEmulator } from '../emulator';
import { SAMPLE_422, SAMPLE_BODY, SAMPLE_FIELDS } from '../samples';
import { localCredentials, localSpherePayCredential, OWNER, SPHEREPAY_CREDENTIAL } from '../tooling/examples';
import { itemsWorkflow, N8nInstance, outputOf, type StoredCredential, versionsUnderTest } from './n8n';
import { startSmtpSink } from '../tooling/smtp-sink';
import { spherePayNode } from '../tooling/workflows';

/** The examples as shipped with node version 1: saved workflows like them must keep running. */
const V1_EXAMPLES = path.join(__dirname, 'fixtures', 'v1');
const readV1Example = (name: string) => JSON.parse(fs.readFileSync(path.join(V1_EXAMPLES, name), 'utf8'));

const API_KEY = `sk_test_${randomBytes(16).toString('hex')}`;
/** The same key with the line break a secrets file leaves at its end. */
const TRAILING_NEWLINE_CREDENTIAL = { id: 'spherePayNewline', name: 'SpherePay (key ends in a line break)' };

/** Manual Trigger → Set (the items) → Split Out → SpherePay: the shape of a user's workflow. */
function spherePayWorkflow(
	id: string,
	items: IDataObject[],
	parameters: INodeParameters,
	node: IDataObject = {},
): IDataObject {
	return itemsWorkflow(
		id,
		items,
		spherePayNode({ name: 'SpherePay', parameters: { resource: 'customer', ...parameters }, credential: SPHEREPAY_CREDENTIAL, ...node }),
	);
}

const createFromItem: INodeParameters = {
	operation: 'createViaLink',
	...SAMPLE_FIELDS,
	email: '={{ $json.email }}',
	phone: '={{ $json.phone }}',
};

describe.each(versionsUnderTest())('in a real n8n %s', (version) => {
	const n8n = new N8nInstance(version);
	let emulator: Awaited<ReturnType<typeof startEmulator>>;
	/** Another origin a gateway could redirect to: it must never receive anything. */
	let elsewhere: Awaited<ReturnType<typeof startEmulator>>;
	let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
	const credential = (): StoredCredential => localSpherePayCredential({ apiKey: API_KEY, baseUrl: emulator.url });

	beforeAll(async () => {
		emulator = await startEmulator({ apiKeys: [API_KEY] });
		elsewhere = await startEmulator({ apiKeys: [API_KEY] });
		smtp = await startSmtpSink();
		await n8n.install();
		await n8n.importCredentials([
			...localCredentials({ apiKey: API_KEY, baseUrl: emulator.url, smtpPort: smtp.port }),
			{ ...credential(), ...TRAILING_NEWLINE_CREDENTIAL, data: { ...credential().data, apiKey: `${API_KEY}\n` } },
		]);
		await n8n.importWorkflows([
			spherePayWorkflow('e2eCreate0000001', [{ email: 'jane.smith@example.com', phone: '+1 (415) 555-0123' }], createFromItem),
			spherePayWorkflow('e2eRegenerate001', [{ id: 'customer_e2e00000000000000000000000001' }], {
				operation: 'regenerateKycLink',
				customerId: '={{ $json.id }}',
			}),
			spherePayWorkflow(
				'e2eGetCustomer01',
				[{ id: 'customer_e2e00000000000000000000000004' }],
				{ operation: 'get', customerId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
				{ typeVersion: 2 },
			),
			spherePayWorkflow('e2eGetMany000001', [{}], { operation: 'getAll', returnAll: true, filters: { status: 'approved' } }, { typeVersion: 2 }),
			spherePayWorkflow(
				'e2eRegenerateV02',
				[{ id: 'customer_e2e00000000000000000000000003' }],
				{ operation: 'regenerateKycLink', customerId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
				{ typeVersion: 2 },
			),
			spherePayWorkflow('e2eError00000001', [{ email: 'jane.smith@example.com', phone: '+14155550123' }], createFromItem),
			spherePayWorkflow('e2eTimeout000001', [{ email: 'jane.smith@example.com', phone: '+14155550123' }], {
				...createFromItem,
				options: { timeout: 1 },
			}),
			spherePayWorkflow(
				'e2eNewlineKey001',
				[{ id: 'customer_e2e00000000000000000000000002' }],
				{ operation: 'regenerateKycLink', customerId: '={{ $json.id }}' },
				{ credentials: { spherePayApi: TRAILING_NEWLINE_CREDENTIAL } },
			),
			spherePayWorkflow(
				'e2eContinue00001',
				[
					{ email: 'jane.smith@example.com', phone: '+14155550123' },
					{ email: 'not-an-email', phone: '+14155550123' },
					{ email: 'john.doe@example.com', phone: '+14155550199' },
				],
				createFromItem,
				{ onError: 'continueRegularOutput' },
			),
			readV1Example('onboard-and-email.json'),
			readV1Example('expired-link-follow-up.json'),
		]);
	}, 30 * 60_000);

	afterEach(() => {
		expect(emulator.contractViolations).toEqual([]);
		expect(elsewhere.requests).toEqual([]);
		emulator.reset();
		smtp.messages.length = 0;
	});

	afterAll(async () => {
		await n8n.stop();
		await emulator?.close();
		await elsewhere?.close();
		await smtp?.close();
		n8n.cleanup();
	});

	test('Create Customer via Link, with fields from the previous node', async () => {
		const execution = await n8n.execute('e2eCreate0000001');
		expect(execution.cli.code).toBe(0);
		expect(emulator.requests).toHaveLength(1);
		const [request] = emulator.requests;
		expect([request.method, request.url]).toEqual(['POST', '/v2/customer/kyc-link']);
		expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
		expect(request.body).toEqual(SAMPLE_BODY);
		const [customer] = [...emulator.customers.values()];
		expect(outputOf(execution, 'SpherePay')).toEqual([customer.links[0]]);
	});

	test('Regenerate KYC Link', async () => {
		emulator.seedLinkCustomer({ id: 'customer_e2e00000000000000000000000001' });
		const execution = await n8n.execute('e2eRegenerate001');
		expect(execution.cli.code).toBe(0);
		expect(emulator.requests.map((r) => [r.method, r.url, r.headers.authorization, r.rawBody])).toEqual([
			['POST', '/v2/customer/customer_e2e00000000000000000000000001/kyc-link', `Bearer ${API_KEY}`, ''],
		]);
		const [link] = emulator.customers.get('customer_e2e00000000000000000000000001').links;
		expect(outputOf(execution, 'SpherePay')).toEqual([link]);
	});

	test('Regenerate KYC Link, node version 2: the Customer picker’s value', async () => {
		emulator.seedLinkCustomer({ id: 'customer_e2e00000000000000000000000003' });
		const execution = await n8n.execute('e2eRegenerateV02');
		expect(execution.cli.code).toBe(0);
		expect(emulator.requests.map((r) => r.url)).toEqual(['/v2/customer/customer_e2e00000000000000000000000003/kyc-link']);
		expect(outputOf(execution, 'SpherePay')).toEqual(emulator.customers.get('customer_e2e00000000000000000000000003').links);
	});

	test('Get Customer: the customer as SpherePay returned it, with verificationStatus', async () => {
		const id = 'customer_e2e00000000000000000000000004';
		emulator.seedLinkCustomer({ id, email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' });
		emulator.setVerification(id, 'approved');
		const execution = await n8n.execute('e2eGetCustomer01');
		expect(execution.cli.code).toBe(0);
		expect(emulator.requests.map((r) => [r.method, r.url])).toEqual([['GET', `/v2/customer/${id}`]]);
		const [customer] = outputOf(execution, 'SpherePay');
		expect(customer).toMatchObject({ id, email: 'ada@example.com', firstName: 'Ada', verificationStatus: 'approved' });
		expect(customer.verificationProfiles).toEqual([expect.objectContaining({ name: 'kyc_profile_a', status: 'approved' })]);
	});

	test('Get Many: every approved customer, newest first, each with verificationStatus', async () => {
		const ids = Array.from({ length: 5 }, (_, i) => emulator.seedLinkCustomer({ email: `c${i}@example.com` }));
		for (const id of [ids[1], ids[3], ids[4]]) emulator.setVerification(id, 'approved');
		const execution = await n8n.execute('e2eGetMany000001');
		expect(execution.cli.code).toBe(0);
		expect(outputOf(execution, 'SpherePay').map((c) => [c.id, c.verificationStatus])).toEqual([
			[ids[4], 'approved'],
			[ids[3], 'approved'],
			[ids[1], 'approved'],
		]);
		expect(emulator.requests.map((r) => r.query)).toEqual([{ status: 'approved', page: '1', limit: '100' }]);
	});

	test('a 422 with pointers fails the execution with SpherePay’s detail and the field names', async () => {
		emulator.fault({ status: 422, json: SAMPLE_422 });
		const execution = await n8n.execute('e2eError00000001');
		expect(execution.cli.code).toBe(1);
		const printed = execution.cli.stdout + execution.cli.stderr;
		expect(printed).toContain('Validation failed [item 0]');
		expect(printed).toContain('Email: Invalid email format; Country: Unsupported country');
		expect(printed).toContain('28c61e885c6e5eaa78c1a2183a9b883c');
		expect(printed).not.toContain('Bad request - please check your parameters');
	});

	test('a redirect to another host is not followed: the API key never reaches it', async () => {
		emulator.fault({ path: '/v2/customer/kyc-link', status: 307, headers: { Location: `${elsewhere.url}/v2/customer/kyc-link` } });
		const execution = await n8n.execute('e2eCreate0000001');
		expect(execution.cli.code).toBe(1);
		expect(execution.cli.stdout + execution.cli.stderr).toContain(
			'The base URL answered 307 Temporary Redirect; redirects are not followed [item 0]',
		);
		expect(emulator.requests).toHaveLength(1);
		// afterEach: the other host received nothing.
	});

	test('an answer that trickles in is cut off at the time-out', async () => {
		emulator.fault({ path: '/v2/customer/kyc-link', network: 'trickle', trickleMs: 200 });
		const execution = await n8n.execute('e2eTimeout000001');
		expect(execution.cli.code).toBe(1);
		const printed = execution.cli.stdout + execution.cli.stderr;
		expect(printed).toContain('No answer from SpherePay; the customer may or may not have been created [item 0]');
		expect(printed).toContain('did not finish answering within the time-out');
		expect(emulator.requests).toHaveLength(1);
	});

	test('an API key saved with a trailing line break is sent without it', async () => {
		emulator.seedLinkCustomer({ id: 'customer_e2e00000000000000000000000002' });
		const execution = await n8n.execute('e2eNewlineKey001');
		expect(execution.cli.code).toBe(0);
		expect(emulator.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${API_KEY}`]);
	});

	test('with Continue On Fail the execution succeeds and the bad item becomes an error item', async () => {
		emulator.fault({ path: '/v2/customer/kyc-link', status: 422, json: SAMPLE_422 });
		const execution = await n8n.execute('e2eContinue00001');
		expect(execution.cli.code).toBe(0);
		const output = outputOf(execution, 'SpherePay');
		expect(output).toHaveLength(3);
		expect(output[0]).toMatchObject({ error: 'Validation failed [item 0]', httpCode: 422, code: 'validation/failed' });
		expect(output[1]).toMatchObject({ error: 'Email is not a valid email address [item 1]', field: 'email' });
		expect(output[2]).toEqual([...emulator.customers.values()][0].links[0]);
	});

	test('a version-1 workflow saved before version 2 ("Onboard and e-mail" as first shipped): every customer gets an e-mail with their link and its expiry in words', async () => {
		const execution = await n8n.execute('spherePayOnboard');
		expect(execution.cli.code).toBe(0);
		const customers = [...emulator.customers.values()];
		expect(customers.map((c) => c.email)).toEqual(['ada.lovelace@example.com', 'accounts@acme-logistics.example']);
		expect(smtp.messages).toHaveLength(2);
		smtp.messages.forEach((message, index) => {
			const link = customers[index].links[0];
			expect(message.to).toBe(customers[index].email);
			expect(message.subject).toBe('Verify your identity to open your account');
			expect(message.text).toContain(link.url);
			expect(message.text).toMatch(/expires on \w+day, \d{1,2} \w+ \d{4} \(in 2[78] days\)/);
		});
	});

	test('a version-1 workflow saved before version 2 ("Expired-link follow-up" as first shipped): only expired or expiring links are regenerated and e-mailed', async () => {
		for (const id of [
			'customer_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
			'customer_1b2c3d4e5f60718293a4b5c6d7e8f90a',
			'customer_2c3d4e5f60718293a4b5c6d7e8f90a1b',
		]) {
			emulator.seedLinkCustomer({ id });
		}
		const execution = await n8n.execute('spherePayFollowUp');
		expect(execution.cli.code).toBe(0);
		expect(emulator.requests.map((r) => r.url)).toEqual([
			'/v2/customer/customer_0a1b2c3d4e5f60718293a4b5c6d7e8f9/kyc-link',
			'/v2/customer/customer_1b2c3d4e5f60718293a4b5c6d7e8f90a/kyc-link',
		]);
		expect(smtp.messages.map((m) => m.to)).toEqual(['ada.lovelace@example.com', 'grace.hopper@example.com']);
		expect(smtp.messages[0].text).toContain(emulator.customers.get('customer_0a1b2c3d4e5f60718293a4b5c6d7e8f9').links[0].url);
		expect(smtp.messages[1].text).toContain(emulator.customers.get('customer_1b2c3d4e5f60718293a4b5c6d7e8f90a').links[0].url);
	});

	test('the credential test in the running server: good key OK, refused key named as such', async () => {
		await n8n.startServer(OWNER);
		expect(await n8n.testCredential(credential())).toEqual({ status: 'OK', message: 'Connection successful!' });
		const refused = await n8n.testCredential({ ...credential(), data: { ...credential().data, apiKey: 'sk_test_refused_0000' } });
		expect(refused).toEqual({ status: 'Error', message: REFUSED_KEY_MESSAGE });
		emulator.fault({ status: 502, body: '<html>Bad Gateway</html>', contentType: 'text/html' });
		expect(await n8n.testCredential(credential())).toEqual({ status: 'Error', message: NOT_SPHEREPAY_MESSAGE });
		emulator.fault({ path: '/v2/customer', status: 302, headers: { Location: `${elsewhere.url}/v2/customer?page=1&limit=1` } });
		expect(await n8n.testCredential(credential())).toEqual({ status: 'Error', message: NOT_SPHEREPAY_MESSAGE });
	}, 180_000);

	test('the API key is in no saved execution, no log and no printed output', async () => {
		await n8n.stop();
		const places = n8n.storedFiles();
		expect(places.some((file) => file.endsWith('database.sqlite'))).toBe(true);
		expect(places).toContain(n8n.logFile);
		for (const file of places) {
			expect({ file, found: fs.readFileSync(file).includes(API_KEY) }).toEqual({ file, found: false });
		}
		expect(n8n.transcript.join('\n')).not.toContain(API_KEY);
		expect(n8n.transcript.join('\n').length).toBeGreaterThan(1000);
	});
});
