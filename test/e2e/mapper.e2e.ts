/**
 * Node version 3 in a real n8n: a spreadsheet of customers (a CSV file fetched by the HTTP
 * Request node and read by Extract From File) mapped automatically, the same rows mapped by
 * hand, and a version 2 workflow beside them.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import { startEmulator } from '../emulator';
import { localSpherePayCredential, SPHEREPAY_CREDENTIAL } from '../tooling/examples';
import { N8nInstance, outputOf, versionsUnderTest, type ExecuteResult } from './n8n';
import { chainWorkflow, spherePayNode } from '../tooling/workflows';

const API_KEY = `sk_test_${randomBytes(16).toString('hex')}`;
const ROWS = 500;
/** Every 50th row has no e-mail, every 50th from the 25th a country that does not exist. */
const NO_EMAIL = (i: number) => i % 50 === 0;
const BAD_COUNTRY = (i: number) => i % 50 === 25;
const VALID = Array.from({ length: ROWS }, (_, i) => i).filter((i) => !NO_EMAIL(i) && !BAD_COUNTRY(i));

/** A sheet's export: labels and the request's names mixed, in any case, and a column SpherePay has no field for. */
const HEADER = ['Customer Type', 'Email', 'phone', 'Address Line 1', 'line2', 'CITY', 'State', 'Postal Code', 'country', 'Notes'];
const csvRow = (i: number) =>
	[
		i % 7 === 0 ? 'business' : 'individual',
		NO_EMAIL(i) ? '' : `customer.${i}@example.com`,
		`+1 415 ${String(5_000_000 + i).replace(/^(\d{3})/, '$1-')}`,
		`${100 + i} South Wacker Drive`,
		i % 2 ? `Suite ${i}` : '',
		'Chicago',
		'IL',
		'60606',
		BAD_COUNTRY(i) ? 'Atlantis' : i % 3 ? 'USA' : 'us',
		`row ${i}`,
	].join(',');
const CSV = [HEADER.join(','), ...Array.from({ length: ROWS }, (_, i) => csvRow(i))].join('\n');

/** The same fields by hand: each an expression reading the CSV's column. */
const MANUAL_VALUE = {
	customerType: "={{ $json['Customer Type'] }}",
	email: '={{ $json.Email }}',
	phone: '={{ $json.phone }}',
	addressLine1: "={{ $json['Address Line 1'] }}",
	addressLine2: '={{ $json.line2 }}',
	city: '={{ $json.CITY }}',
	state: '={{ $json.State }}',
	postalCode: "={{ $json['Postal Code'] }}",
	country: '={{ $json.country }}',
};

/** Manual Trigger → HTTP Request (the CSV file) → Extract From File (CSV) → SpherePay, Continue On Fail. */
function csvWorkflow(id: string, csvUrl: string, typeVersion: number, parameters: IDataObject): IDataObject {
	return chainWorkflow(
		id,
		[
			{ name: 'Fetch CSV', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { url: csvUrl, options: { response: { response: { responseFormat: 'file' } } } } },
			{ name: 'Extract', type: 'n8n-nodes-base.extractFromFile', typeVersion: 1, parameters: { operation: 'csv', binaryPropertyName: 'data', options: {} } },
		],
		{
			...spherePayNode({
				name: 'SpherePay',
				typeVersion,
				parameters: { resource: 'customer', operation: 'createViaLink', ...parameters },
				credential: SPHEREPAY_CREDENTIAL,
			}),
			onError: 'continueRegularOutput',
		},
	);
}

interface HintedRun {
	run?: { data: { resultData: { runData: Record<string, Array<{ hints?: Array<{ message: string }> }>> } } };
}
const hintsOf = (execution: ExecuteResult) =>
	((execution as HintedRun).run?.data.resultData.runData.SpherePay?.[0]?.hints ?? []).map((hint) => hint.message);

describe.each(versionsUnderTest())('version 3 of Create Customer via Link in a real n8n %s', (version) => {
	const n8n = new N8nInstance(version);
	let emulator: Awaited<ReturnType<typeof startEmulator>>;
	let server: http.Server;
	/** Each workflow's requests, keyed by workflow, for comparing them with each other. */
	const bodies: Record<string, IDataObject[]> = {};

	beforeAll(async () => {
		emulator = await startEmulator({ apiKeys: [API_KEY] });
		server = http.createServer((_request, response) => {
			response.writeHead(200, { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="customers.csv"' });
			response.end(CSV);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const csvUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/customers.csv`;
		await n8n.install();
		await n8n.importCredentials([localSpherePayCredential({ apiKey: API_KEY, baseUrl: emulator.url })]);
		// The editor saves the mapper's fields beside the values: the method's answer.
		const { mapperFields } = await import('../../nodes/SpherePay/actions/customer/createViaLink.operation');
		await n8n.importWorkflows([
			csvWorkflow('e2eMapperAuto001', csvUrl, 3, { columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: [], schema: mapperFields } }),
			csvWorkflow('e2eMapperHand001', csvUrl, 3, {
				columns: { mappingMode: 'defineBelow', value: MANUAL_VALUE, matchingColumns: [], schema: mapperFields, attemptToConvertTypes: false, convertFieldsToString: true },
			}),
			csvWorkflow('e2eMapperV2a0001', csvUrl, 2, MANUAL_VALUE),
		]);
	}, 30 * 60_000);

	afterEach(() => {
		expect(emulator.contractViolations).toEqual([]);
		emulator.reset();
	});

	afterAll(async () => {
		await emulator?.close();
		await new Promise((resolve) => server?.close(resolve));
		n8n.cleanup();
	});

	/** Runs a workflow: 500 output items, the bad rows' errors, and the requests the emulator saw. */
	async function runCsv(workflowId: string) {
		const execution = await n8n.execute(workflowId);
		expect(execution.run?.data.resultData.error).toBeUndefined();
		const output = outputOf(execution, 'SpherePay');
		expect(output).toHaveLength(ROWS);
		const errors = output.flatMap((json, i) => (json.error ? [[i, json.error]] : []));
		expect(errors).toEqual(
			Array.from({ length: ROWS }, (_, i) => i).flatMap((i) =>
				NO_EMAIL(i)
					? [[i, `Email is required [item ${i}]`]]
					: BAD_COUNTRY(i)
						? [[i, `Country is not an ISO 3166-1 country code [item ${i}]`]]
						: [],
			),
		);
		const requests = emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v2/customer/kyc-link');
		expect(requests).toHaveLength(VALID.length);
		// Concurrent requests arrive in any order: compare them by e-mail.
		bodies[workflowId] = requests.map((r) => r.body as IDataObject).sort((a, b) => String(a.email).localeCompare(String(b.email)));
		return { execution, output };
	}

	test('Map Automatically: 500 CSV rows, the valid ones created with the right bodies, the others error items', async () => {
		const { execution, output } = await runCsv('e2eMapperAuto001');
		expect(VALID).toHaveLength(480);
		expect(emulator.customers.size).toBe(480);
		for (const i of VALID) expect(output[i]).toMatchObject({ customerId: expect.any(String), url: expect.any(String) });
		const byEmail = new Map(bodies.e2eMapperAuto001.map((body) => [body.email, body]));
		for (const i of [1, 3, 7, 498]) {
			expect(byEmail.get(`customer.${i}@example.com`)).toEqual({
				type: i % 7 === 0 ? 'business' : 'individual',
				email: `customer.${i}@example.com`,
				phone: `+1415${5_000_000 + i}`,
				address: {
					line1: `${100 + i} South Wacker Drive`,
					...(i % 2 ? { line2: `Suite ${i}` } : {}),
					city: 'Chicago',
					state: 'IL',
					postalCode: '60606',
					country: 'USA',
				},
			});
		}
		expect(hintsOf(execution)).toEqual([expect.stringMatching(/^Not sent to SpherePay, as no field matches them: "Notes"\./)]);
	});

	test('Map Each Column Manually: the same rows send the same requests', async () => {
		await runCsv('e2eMapperHand001');
		expect(bodies.e2eMapperHand001).toEqual(bodies.e2eMapperAuto001);
	});

	test('a version 2 workflow beside them: one parameter per field, the same requests', async () => {
		await runCsv('e2eMapperV2a0001');
		expect(bodies.e2eMapperV2a0001).toEqual(bodies.e2eMapperAuto001);
	});
});
