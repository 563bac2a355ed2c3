import fs from 'node:fs';
import path from 'node:path';

import type { INodeProperties } from 'n8n-workflow';
import YAML from 'yaml';

import { SpherePayApi } from '../../credentials/SpherePayApi.credentials';
import * as createViaLink from '../../nodes/SpherePay/actions/customer/createViaLink.operation';
import { labelForPointer } from '../../nodes/SpherePay/actions/customer/createViaLink.operation';
import { operations } from '../../nodes/SpherePay/actions/customer/Customer.resource';
import { describeOperations } from '../../nodes/SpherePay/actions/describe';
import { SpherePay } from '../../nodes/SpherePay/SpherePay.node';

const root = path.resolve(__dirname, '..', '..');
const spec = YAML.parse(fs.readFileSync(path.join(root, 'test/emulator/openapi.yaml'), 'utf8'));
const dto = spec.components.schemas.CreateCustomerKycLinkDto;
const { description } = new SpherePay();
const property = (name: string) => description.properties.find((p) => p.name === name) as INodeProperties;

describe('public contract (saved workflows depend on these names)', () => {
	test('node, credential, resource and operations', () => {
		expect(description.name).toBe('spherePay');
		expect(description.displayName).toBe('SpherePay');
		expect(description.credentials).toEqual([{ name: 'spherePayApi', required: true }]);
		expect(description.usableAsTool).toBe(true);
		expect(property('resource').options).toEqual([{ name: 'Customer', value: 'customer' }]);
		expect(property('operation').options?.map((o) => (o as { value: string }).value)).toEqual([
			'createViaLink',
			'createTosLink',
			'get',
			'getAll',
			'regenerateKycLink',
		]);
		const credential = new SpherePayApi();
		expect(credential.name).toBe('spherePayApi');
		expect(credential.displayName).toBe('SpherePay API');
		expect(credential.properties.map((p) => p.name)).toEqual(['apiKey', 'environment', 'baseUrl', 'webhookSecret']);
		expect(credential.properties[0].typeOptions).toEqual({ password: true });
	});

	test('create fields are top-level parameters shown only for that operation, up to version 2; version 3 maps them', () => {
		const names = ['customerType', 'email', 'phone', 'addressLine1', 'addressLine2', 'city', 'state', 'postalCode', 'country'];
		for (const name of names) {
			expect(property(name).displayOptions?.show).toEqual({
				resource: ['customer'],
				operation: ['createViaLink'],
				'@version': [{ _cnd: { lte: 2 } }],
			});
		}
		expect(property('columns').type).toBe('resourceMapper');
		expect(property('columns').displayOptions?.show).toEqual({
			resource: ['customer'],
			operation: ['createViaLink'],
			'@version': [{ _cnd: { gte: 3 } }],
		});
		const customerIds = description.properties.filter((p) => p.name === 'customerId');
		expect(customerIds.map((p) => [p.type, p.displayOptions?.show])).toEqual(
			['createTosLink', 'get', 'regenerateKycLink'].flatMap((operation) => [
				['string', { resource: ['customer'], operation: [operation], '@version': [1] }],
				['resourceLocator', { resource: ['customer'], operation: [operation], '@version': [{ _cnd: { gte: 2 } }] }],
			]),
		);
	});

	test('version 3 is the default; from version 2 Customer is a picker (From List, By ID) backed by searchCustomers', () => {
		expect(description.version).toEqual([1, 2, 3]);
		expect(description.defaultVersion).toBe(3);
		const picker = description.properties.find((p) => p.name === 'customerId' && p.type === 'resourceLocator')!;
		expect(picker.default).toEqual({ mode: 'list', value: '' });
		expect(picker.modes?.map((m) => [m.name, m.type, m.typeOptions?.searchListMethod])).toEqual([
			['list', 'list', 'searchCustomers'],
			['id', 'string', undefined],
		]);
		expect(Object.keys(new SpherePay().methods.listSearch)).toEqual(['searchCustomers']);
	});

	test('the subtitle names every operation as its dropdown entry does', () => {
		const names = Object.fromEntries(Object.values(operations).map(({ option }) => [option.value, option.name]));
		expect(description.subtitle).toBe(`={{ ${JSON.stringify(names)}[$parameter["operation"]] }}`);
	});

	test('one wording per action: the nodes panel (and the node name it gives) says what the Operation dropdown says', () => {
		for (const { option } of Object.values(operations)) {
			// As n8n pairs them: "Get Many" / "Get many customers"; otherwise the same words in sentence case.
			expect(option.action.toLowerCase().startsWith(option.name.toLowerCase())).toBe(true);
		}
		expect(operations.createViaLink.option).toMatchObject({ name: 'Create Customer via Link', action: 'Create customer via link (returns KYC URL)' });
	});

	test('Get Many follows n8n’s naming: returnAll, limit (default 50, only without Return All), filters', () => {
		const shown = (name: string) => description.properties.find((p) => p.name === name && p.displayOptions?.show?.operation?.[0] === 'getAll')!;
		expect(shown('returnAll')).toMatchObject({ type: 'boolean', default: false });
		expect(shown('limit')).toMatchObject({ type: 'number', default: 50, typeOptions: { minValue: 1 } });
		expect(shown('limit').displayOptions?.show?.returnAll).toEqual([false]);
		expect((shown('filters').options as INodeProperties[]).map((o) => o.name).sort()).toEqual(['email', 'search', 'status', 'type']);
	});

	test('the Operation default is named, not the first entry of the list', () => {
		expect(property('operation').default).toBe('createViaLink');
		expect(() => describeOperations('customer', operations, 'nothing')).toThrow('The default operation "nothing" is not among the customer operations');
	});
});

describe('every property of the request DTO has its own field', () => {
	const leaves: Array<[string, { required: boolean; schema: Record<string, unknown> }]> = [];
	for (const [key, schema] of Object.entries<Record<string, unknown>>(dto.properties)) {
		if (key === 'address') {
			const address = schema as { properties: Record<string, Record<string, unknown>>; required: string[] };
			for (const [sub, subSchema] of Object.entries(address.properties)) {
				leaves.push([`/address/${sub}`, { required: address.required.includes(sub), schema: subSchema }]);
			}
		} else {
			leaves.push([`/${key}`, { required: dto.required.includes(key), schema }]);
		}
	}

	test.each(leaves)('%s', (pointer, { required, schema }) => {
		const label = labelForPointer(pointer);
		expect(label).toBeDefined();
		const field = createViaLink.properties.find((p) => p.displayName === label) as INodeProperties;
		expect(Boolean(field.required)).toBe(required);
		expect(field.description).toBeTruthy();
		if (field.type === 'string') expect(field.placeholder).toMatch(/^e\.g\. /);
		if (schema.enum) {
			expect(field.options?.map((o) => (o as { value: string }).value)).toEqual(schema.enum);
		}
	});

	test('hints where a rule matters', () => {
		const hint = (name: string) => createViaLink.properties.find((p) => p.name === name)?.hint;
		expect(hint('phone')).toContain('E.164');
		expect(hint('state')).toContain('Required for countries that have states or provinces');
		expect(hint('postalCode')).toContain('Required for countries that use postal codes');
		expect(hint('country')).toMatch(/us and usa both become USA/);
	});

	test('country is a searchable list of ISO countries by name, with alpha-3 values', () => {
		const country = createViaLink.properties.find((p) => p.name === 'country') as INodeProperties;
		const options = country.options as Array<{ name: string; value: string }>;
		expect(options.find((o) => o.value === 'USA')?.name).toBe('United States of America');
		expect(options.every((o) => /^[A-Z]{3}$/.test(o.value))).toBe(true);
		expect(country.noDataExpression).toBeFalsy();
		// Without it the editor flags an expression giving `us` as “not supported”, which the hint promises works.
		expect(country.allowArbitraryValues).toBe(true);
	});
});

test('the vendored contract matches ../shared/spherepay/openapi.yaml where that folder exists', () => {
	const shared = path.join(root, '..', 'shared', 'spherepay', 'openapi.yaml');
	if (!fs.existsSync(shared)) return;
	expect(fs.readFileSync(path.join(root, 'test/emulator/openapi.yaml'), 'utf8')).toBe(fs.readFileSync(shared, 'utf8'));
});
