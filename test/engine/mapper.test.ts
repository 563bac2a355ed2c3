/**
 * Node version 3: Create Customer via Link reads its fields through n8n's resource mapper,
 * mapped by hand or matched automatically to the input item's keys.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SAMPLE_BODY, SAMPLE_FIELDS } from '../samples';
import { createParameters, useEmulator } from './fixtures';
import { loadPackage, runNode, type RunResult } from './harness';

const FIELD_NAMES = Object.keys(SAMPLE_FIELDS);

/** Version 3 parameters: the resource mapper in one of its modes. */
const mapped = (columns: IDataObject, options: IDataObject = {}): INodeParameters => ({
	resource: 'customer',
	operation: 'createViaLink',
	columns: columns as INodeParameters['columns'],
	options: options as INodeParameters['options'],
});
const automatic = (options: IDataObject = {}) => mapped({ mappingMode: 'autoMapInputData', value: null }, options);
/** The mapper's fields, as the editor saves them beside the values (`schema`). */
let schema: IDataObject[] = [];
const defineBelow = (value: IDataObject) => mapped({ mappingMode: 'defineBelow', value, matchingColumns: [], schema, attemptToConvertTypes: false, convertFieldsToString: true });
/** Map Each Column Manually, each field an expression reading the item's key of `keyOf(field)`. */
const manual = (keyOf: (name: string) => string) =>
	defineBelow(Object.fromEntries(FIELD_NAMES.map((name) => [name, `={{ $json[${JSON.stringify(keyOf(name))}] }}`])));

async function editorFields() {
	const loader = await loadPackage();
	const type = loader.getNode('spherePay').type as unknown as {
		methods: { resourceMapping: Record<string, () => Promise<{ fields: IDataObject[] }>> };
		description: { properties: Array<{ name: string; typeOptions?: IDataObject }> };
	};
	const columns = type.description.properties.find((p) => p.name === 'columns')!;
	const method = (columns.typeOptions!.resourceMapper as IDataObject).resourceMapperMethod as string;
	return (await type.methods.resourceMapping[method]()).fields;
}

const hintsOf = (result: RunResult) =>
	(result.run.data.resultData.runData.SpherePay?.[0]?.hints ?? []).map((hint) => hint.message);

/** The sample customer under the request's own names. */
const DTO_ROW = {
	type: 'individual',
	email: SAMPLE_BODY.email,
	phone: SAMPLE_BODY.phone,
	...SAMPLE_BODY.address,
};

describe('Create Customer via Link, version 3 (resource mapper), run by n8n-core', () => {
	const env = useEmulator();
	beforeAll(async () => {
		schema = await editorFields();
	});
	const run = async (parameters: INodeParameters, items: IDataObject[], continueOnFail = false) =>
		await runNode({ parameters, items, credential: env.credential, typeVersion: 3, continueOnFail });

	test('the editor gets the fields of version 2, with their labels, types, options and defaults', async () => {
		const fields = await editorFields();
		expect(fields.map((f) => [f.id, f.displayName, f.type, f.required])).toEqual([
			['customerType', 'Customer Type', 'options', true],
			['email', 'Email', 'string', true],
			['phone', 'Phone', 'string', true],
			['addressLine1', 'Address Line 1', 'string', true],
			['addressLine2', 'Address Line 2', 'string', false],
			['city', 'City', 'string', true],
			['state', 'State', 'string', false],
			['postalCode', 'Postal Code', 'string', false],
			['country', 'Country', 'options', true],
		]);
		expect(fields[0]).toMatchObject({ defaultValue: 'individual', options: [{ name: 'Individual', value: 'individual' }, { name: 'Business', value: 'business' }] });
		expect((fields[8].options as IDataObject[]).length).toBeGreaterThan(240);
		expect(fields[8].options).toContainEqual({ name: 'United States of America', value: 'USA' });
	});

	test('Map Automatically: keys named as in the request, an address object included', async () => {
		const { type, email, phone, ...address } = DTO_ROW;
		const result = await run(automatic(), [{ type, email, phone, address }]);
		expect(result.error).toBeUndefined();
		expect(env.emulator.requests.map((r) => r.body)).toEqual([SAMPLE_BODY]);
		expect(hintsOf(result)).toEqual([]);
	});

	test('Map Automatically: the request names at the top level, the labels, any case and spacing, address.* keys', async () => {
		const rows = [
			DTO_ROW,
			{
				'Customer Type': 'individual',
				EMAIL: SAMPLE_BODY.email,
				' phone ': SAMPLE_BODY.phone,
				'address line 1': SAMPLE_BODY.address.line1,
				AddressLine2: SAMPLE_BODY.address.line2,
				City: 'Chicago',
				STATE: 'IL',
				'Postal Code': '60606',
				country: 'USA',
			},
			{
				type: 'individual',
				email: SAMPLE_BODY.email,
				phone: SAMPLE_BODY.phone,
				'address.line1': SAMPLE_BODY.address.line1,
				'Address.Line 2': SAMPLE_BODY.address.line2,
				'address.city': 'Chicago',
				'address.state': 'IL',
				'address.postalcode': 60606,
				'address.Country': 'us',
			},
		];
		const result = await run(automatic(), rows);
		expect(result.error).toBeUndefined();
		expect(env.emulator.requests.map((r) => r.body)).toEqual([SAMPLE_BODY, SAMPLE_BODY, SAMPLE_BODY]);
	});

	test('Map Automatically: columns no field takes are not sent, and are named once in the run’s hints', async () => {
		const rows = [0, 1, 2].map((i) => ({ ...DTO_ROW, email: `row${i}@example.com`, notes: 'vip', 'Customer ID': i, address: { floor: 3 } }));
		const result = await run(automatic(), rows);
		expect(result.error).toBeUndefined();
		expect(env.emulator.requests).toHaveLength(3);
		for (const request of env.emulator.requests) expect(Object.keys(request.body as IDataObject).sort()).toEqual(['address', 'email', 'phone', 'type']);
		expect(hintsOf(result)).toEqual([
			'Not sent to SpherePay, as no field matches them: "notes", "Customer ID", "address.floor". Map Automatically matches columns by field name or label, ignoring case and spaces.',
		]);
	});

	test('Map Automatically: a missing required field stops the run with [item N] before any request', async () => {
		const withoutEmail: IDataObject = { ...DTO_ROW };
		delete withoutEmail.email;
		const result = await run(automatic(), [DTO_ROW, DTO_ROW, withoutEmail]);
		expect(result.error?.message).toBe('Email is required [item 2]');
		expect(env.emulator.requests).toHaveLength(0);
	});

	test('Map Automatically: two columns for one field is an error naming both', async () => {
		const result = await run(automatic(), [{ ...DTO_ROW, Email: 'other@example.com' }]);
		expect(result.error?.message).toBe('Email is given by two columns, "email" and "Email" [item 0]');
		expect(env.emulator.requests).toHaveLength(0);
	});

	test('Map Automatically with Continue On Fail: bad rows become error items, the others are created', async () => {
		const withoutEmail: IDataObject = { ...DTO_ROW };
		delete withoutEmail.email;
		const rows = [
			{ ...DTO_ROW, email: 'a@example.com' },
			withoutEmail,
			{ ...DTO_ROW, email: 'b@example.com', country: 'Narnia' },
			{ ...DTO_ROW, email: 'c@example.com' },
		];
		const { output, error } = await run(automatic(), rows, true);
		expect(error).toBeUndefined();
		expect(output.map((o) => o.pairedItem)).toEqual(rows.map((_, item) => ({ item })));
		expect(output[1].json).toMatchObject({ error: 'Email is required [item 1]', field: 'email' });
		expect(output[2].json).toMatchObject({ error: 'Country is not an ISO 3166-1 country code [item 2]', field: 'country' });
		expect(env.emulator.requests.map((r) => (r.body as IDataObject).email)).toEqual(['a@example.com', 'c@example.com']);
		expect(output[0].json.customerId).toEqual(expect.any(String));
		expect(output[3].json.customerId).toEqual(expect.any(String));
	});

	test('Map Each Column Manually and Map Automatically send identical requests for the same rows', async () => {
		const rows = [
			{ ...DTO_ROW, email: 'ada@example.com', phone: '+44 20 7946 0958', country: 'gb', state: '', postalCode: 'SW1A 1AA', city: 'London' },
			{ ...DTO_ROW, email: 'grace@example.com', phone: '+1.212.555.0199', country: 'usa', state: 'NY', postalCode: 10001, line2: '' },
			{ ...DTO_ROW, type: 'Business', email: 'acme@example.com' },
		];
		const dtoName = (name: string) =>
			({ customerType: 'type', addressLine1: 'line1', addressLine2: 'line2' } as Record<string, string>)[name] ?? name;

		const auto = await run(automatic(), rows);
		expect(auto.error).toBeUndefined();
		const autoBodies = env.emulator.requests.map((r) => r.body);
		env.emulator.reset();
		const byHand = await run(manual(dtoName), rows);
		expect(byHand.error).toBeUndefined();
		const manualBodies = env.emulator.requests.map((r) => r.body);

		expect(autoBodies).toHaveLength(3);
		expect(manualBodies).toEqual(autoBodies);
		expect(autoBodies[0]).toEqual({
			type: 'individual',
			email: 'ada@example.com',
			phone: '+442079460958',
			address: { line1: SAMPLE_BODY.address.line1, line2: SAMPLE_BODY.address.line2, city: 'London', postalCode: 'SW1A 1AA', country: 'GBR' },
		});
		expect(autoBodies[2]).toMatchObject({ type: 'business' });
	});

	test('Map Each Column Manually: the node’s own validation decides, not n8n’s type check', async () => {
		const parameters = defineBelow({ ...SAMPLE_FIELDS, country: '={{ "us" }}', postalCode: '={{ 60606 }}' });
		const ok = await run(parameters, [{}]);
		expect(ok.error).toBeUndefined();
		expect(env.emulator.requests[0].body).toEqual(SAMPLE_BODY);

		env.emulator.reset();
		const bad = await run(defineBelow({ ...SAMPLE_FIELDS, country: '={{ "XX" }}', email: '={{ $json.mail }}' }), [{}, {}]);
		expect(bad.error?.message).toBe('Email is required [item 0]');
		expect(env.emulator.requests).toHaveLength(0);
	});

	test('version 2 still reads one parameter per field and ignores a resource mapper value', async () => {
		const result = await runNode({
			parameters: { ...createParameters(), columns: { mappingMode: 'autoMapInputData', value: null } },
			items: [{ email: 'someone.else@example.com' }],
			credential: env.credential,
			typeVersion: 2,
		});
		expect(result.error).toBeUndefined();
		expect(env.emulator.requests.map((r) => r.body)).toEqual([SAMPLE_BODY]);
		expect(hintsOf(result)).toEqual([]);
	});
});
