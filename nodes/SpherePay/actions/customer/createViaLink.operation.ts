import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { COUNTRIES } from '../../helpers/countries';
import { fieldsOf } from '../../helpers/fields';
import { columnMatcher, mapperFields as fieldsForMapper, mapperProperty, readMapped, type MappedItem } from '../../helpers/mapper';
import { requestOptions } from '../../helpers/options';
import {
	normalizeCountry,
	normalizePhone,
	validateEmail,
	validateOption,
	validateIdempotencyKey,
	validateText,
} from '../../helpers/validation';
import type { ItemInput, OperationModule, PreparedItem } from '../types';
import { CUSTOMER_TYPES, customerTypeOptions } from '../../../shared/helpers/customer';
import { readKycLink } from '../../../shared/transport/responses/kycLink';

export const option: OperationModule['option'] = {
	name: 'Create Customer via Link',
	value: 'createViaLink',
	// With " in SpherePay", the description an agent gets for the tool, and a new node's name.
	action: 'Create customer via link (returns KYC URL)',
	description:
		'Onboard a new customer: needs type, email, phone and address; returns customerId and the hosted KYC URL to send them, with its expiry',
};

const ADDRESS_MAX_LENGTH = 255;

const idempotencyKeyOption: INodeProperties = {
	displayName: 'Idempotency Key',
	name: 'idempotencyKey',
	type: 'string',
	default: '',
	placeholder: 'e.g. {{ $json.email }}',
	description:
		'Sent as the Idempotency-Key header (up to 255 ASCII characters), e.g. the email: SpherePay refuses a key it has seen, so re-running an item cannot create a second customer. Empty sends none.',
	hint: 'A key is used up even when the first request failed: after fixing an item, change its key (e.g. add the date)',
};

/** The customer's fields, one parameter each up to version 2; from version 3 the resource mapper offers them. */
const fieldProperties: INodeProperties[] = [
	{
		displayName: 'Customer Type',
		name: 'customerType',
		type: 'options',
		required: true,
		default: 'individual',
		description: 'The type of customer to onboard',
		options: customerTypeOptions(true),
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. jane.smith@example.com',
		description: 'The customer email address',
	},
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. +14155550123',
		description: 'The customer phone number in E.164 format',
		hint: 'E.164: + and the country code, then the number (+14155550123). Spaces, dashes, dots and parentheses are removed.',
	},
	{
		displayName: 'Address: for an individual, where they live; for a business, its registered address',
		name: 'addressNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Address Line 1',
		name: 'addressLine1',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 233 South Wacker Drive',
		description: 'The first line of the street address',
	},
	{
		displayName: 'Address Line 2',
		name: 'addressLine2',
		type: 'string',
		default: '',
		placeholder: 'e.g. Suite 4700',
		description: 'The second line of the street address (apartment, suite, etc.)',
	},
	{
		displayName: 'City',
		name: 'city',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Chicago',
		description: 'The city name',
	},
	{
		displayName: 'State',
		name: 'state',
		type: 'string',
		default: '',
		placeholder: 'e.g. IL',
		description: 'The state or province code (ISO 3166-2 subdivision code)',
		hint: 'Required for countries that have states or provinces, e.g. IL (Illinois), ON (Ontario)',
	},
	{
		displayName: 'Postal Code',
		name: 'postalCode',
		type: 'string',
		default: '',
		placeholder: 'e.g. 60606',
		description: 'The postal or ZIP code',
		hint: 'Required for countries that use postal codes',
	},
	{
		displayName: 'Country',
		name: 'country',
		type: 'options',
		required: true,
		default: '',
		description: 'The country, sent as its ISO 3166-1 alpha-3 code (e.g. USA, GBR, CAN)',
		hint: 'Type to search. In an expression, 2- and 3-letter codes in any case work: us and usa both become USA.',
		options: COUNTRIES.map(([, alpha3, name]) => ({ name, value: alpha3 })),
		// An expression may give the 2-letter or lower-case code the hint promises: the editor
		// must not flag it as unsupported (the node normalizes it, and refuses unknown codes).
		allowArbitraryValues: true,
	},
];

const UP_TO_VERSION_2 = { show: { '@version': [{ _cnd: { lte: 2 } }] } };
const FROM_VERSION_3 = { show: { '@version': [{ _cnd: { gte: 3 } }] } };

/** The method (in `methods.resourceMapping`) that gives the mapper its fields. */
const MAPPER_METHOD = 'getCreateCustomerFields';

export const properties: INodeProperties[] = [
	...fieldProperties.map((property) => ({ ...property, displayOptions: UP_TO_VERSION_2 })),
	{
		...mapperProperty(
			MAPPER_METHOD,
			'Map Automatically sends input keys that match a field’s label or request name (e.g. email, postalCode, address.line1), case and spaces ignored; other keys are listed in the hints.',
		),
		displayOptions: FROM_VERSION_3,
	},
	{
		// The fields' own hints, which a mapper field cannot show.
		displayName: fieldProperties
			.filter((property) => property.hint)
			.map((property) => `${property.displayName}: ${property.hint}`)
			.join(' · '),
		name: 'fieldsNotice',
		type: 'notice',
		default: '',
		displayOptions: FROM_VERSION_3,
	},
	requestOptions([idempotencyKeyOption]),
];

/** Where each field lands in the request body: SpherePay's error pointers are mapped back through this. */
const POINTERS = new Map<string, string>(Object.entries({
	'/type': 'customerType',
	'/email': 'email',
	'/phone': 'phone',
	'/address/line1': 'addressLine1',
	'/address/line2': 'addressLine2',
	'/address/city': 'city',
	'/address/state': 'state',
	'/address/postalCode': 'postalCode',
	'/address/country': 'country',
}));

const field = fieldsOf(properties);
const MAPPED_FIELDS = [...POINTERS.values()];

/** The resource mapper's fields: the parameters above, with their labels, types, options and defaults. */
export const mapperFields = fieldsForMapper(fieldProperties, MAPPED_FIELDS);
const matchColumns = columnMatcher(POINTERS, (name) => field(name).label);
const idempotencyKeyField = { name: idempotencyKeyOption.name, label: idempotencyKeyOption.displayName };

export function labelForPointer(pointer: string): string | undefined {
	if (pointer === '/address') return 'Address';
	const name = POINTERS.get(pointer);
	return name ? field(name).label : undefined;
}

/** The CreateCustomerKycLinkDto for one item, validated and normalised; empty optional fields are left out. */
export function buildBody(read: (name: string) => unknown): IDataObject {
	const type = validateOption(field('customerType'), read('customerType'), CUSTOMER_TYPES);
	const email = validateEmail(field('email'), read('email'));
	const phone = normalizePhone(field('phone'), read('phone'));
	const address: IDataObject = {
		line1: validateText(field('addressLine1'), read('addressLine1'), { required: true, maxLength: ADDRESS_MAX_LENGTH, example: '233 South Wacker Drive' }),
	};
	const line2 = validateText(field('addressLine2'), read('addressLine2'), { maxLength: ADDRESS_MAX_LENGTH });
	if (line2) address.line2 = line2;
	address.city = validateText(field('city'), read('city'), { required: true, maxLength: ADDRESS_MAX_LENGTH, example: 'Chicago' });
	const state = validateText(field('state'), read('state'));
	if (state) address.state = state;
	const postalCode = validateText(field('postalCode'), read('postalCode'));
	if (postalCode) address.postalCode = postalCode;
	address.country = normalizeCountry(field('country'), read('country'));

	return { type, email, phone, address };
}

// It creates a customer: a request whose answer was lost is never sent again blindly.
export const repeatable = false;

/** One item's fields: a parameter each up to version 2, the resource mapper from version 3. */
function readFields(this: IExecuteFunctions, itemIndex: number): MappedItem {
	if (this.getNode().typeVersion < 3) return { read: (name) => this.getNodeParameter(name, itemIndex, '') };
	return readMapped.call(this, itemIndex, matchColumns);
}

export function prepare(this: IExecuteFunctions, { itemIndex, options }: ItemInput): PreparedItem {
	const { read, ignored } = readFields.call(this, itemIndex);
	const body = buildBody(read);
	const idempotencyKey = validateIdempotencyKey(idempotencyKeyField, options.idempotencyKey);
	const check = `Look for a customer with the email ${body.email} in the SpherePay dashboard (or ask SpherePay support, quoting any correlation ID) before running this item again.`;
	return {
		...(ignored?.length ? { ignoredColumns: ignored } : {}),
		errors: {
			labelForPointer,
			unknownOutcome: { clause: 'the customer may or may not have been created', check },
			...(idempotencyKey ? { idempotencyKey: { check: `That earlier request may have created the customer: ${check}` } } : {}),
		},
		run: async ({ context, send }) =>
			readKycLink(
				context,
				await send({
					method: 'POST',
					path: '/v2/customer/kyc-link',
					body,
					...(idempotencyKey ? { headers: { 'Idempotency-Key': idempotencyKey } } : {}),
				}),
			),
	};
}
