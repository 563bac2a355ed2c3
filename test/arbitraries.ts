/**
 * What users put into the node's fields, as fast-check arbitraries: typed text, pasted
 * blobs, spreadsheet numbers, and whatever an expression returns. Valid values are
 * mixed in often enough that many generated items pass validation and are sent.
 */
import fc from 'fast-check';

import { COUNTRIES } from '../nodes/SpherePay/helpers/countries';

const awkwardText = fc.oneof(
	fc.string(),
	fc.string({ unit: 'grapheme', maxLength: 40 }),
	fc.string({ unit: 'binary', maxLength: 40 }), // lone surrogates included
	fc.string({ unit: fc.constantFrom('\n', '\r', '\t', '\u0000', '\u001f', '\u007f', '\u200b', ' ', 'a'), maxLength: 12 }),
	fc.string({ minLength: 250, maxLength: 400 }),
	fc.constantFrom('', ' ', '   ', '\u00a0', 'null', 'undefined', '{{ $json.x }}', '../', '%2F'),
);

/** Non-text an expression can yield. JSON-safe, as n8n item data is. */
const nonText = fc.oneof(
	fc.integer(),
	fc.double({ noNaN: false }),
	fc.boolean(),
	fc.constant(null),
	fc.constant(undefined),
	fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
	fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
);

const anyValue = fc.oneof(awkwardText, nonText);

const alpha2 = COUNTRIES.map(([code]) => code);
const alpha3 = COUNTRIES.map(([, code]) => code);
const names = COUNTRIES.map(([, , name]) => name);

const phoneText = fc
	.tuple(fc.constantFrom('+', '', '00', '+ ', '(+'), fc.string({ unit: fc.constantFrom('0', '1', '5', '9', ' ', '-', '.', '(', ')', 'x'), minLength: 3, maxLength: 22 }))
	.map(([prefix, rest]) => prefix + rest);

/** Each field: valid-looking values most of the time, anything some of the time. */
export const fieldValue = {
	customerType: fc.oneof(
		{ weight: 9, arbitrary: fc.constantFrom('individual', 'business', 'Business', 'INDIVIDUAL') },
		{ weight: 1, arbitrary: anyValue },
	),
	email: fc.oneof(
		{ weight: 8, arbitrary: fc.emailAddress() },
		{ weight: 1, arbitrary: fc.emailAddress().map((email) => ` ${email.toUpperCase()}\t`) },
		{ weight: 2, arbitrary: anyValue },
	),
	phone: fc.oneof(
		{ weight: 8, arbitrary: fc.stringMatching(/^\+[1-9][0-9]{6,14}$/) },
		{ weight: 2, arbitrary: phoneText },
		{ weight: 1, arbitrary: fc.integer({ min: 0 }) },
		{ weight: 1, arbitrary: anyValue },
	),
	addressLine1: fc.oneof(
		{ weight: 8, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }) },
		{ weight: 1, arbitrary: fc.string({ minLength: 250, maxLength: 260 }) },
		{ weight: 2, arbitrary: anyValue },
	),
	addressLine2: fc.oneof(fc.constant(''), fc.string({ unit: 'grapheme', maxLength: 60 }), anyValue),
	city: fc.oneof(
		{ weight: 8, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }) },
		{ weight: 2, arbitrary: anyValue },
	),
	state: fc.oneof(fc.constantFrom('IL', 'ON', 'NSW', ''), fc.integer({ min: 0, max: 99 }), anyValue),
	postalCode: fc.oneof(fc.constantFrom('60606', 'SW1A 1AA', '10115', ''), fc.integer({ min: 0, max: 99999 }), anyValue),
	country: fc.oneof(
		{ weight: 8, arbitrary: fc.constantFrom(...alpha3, ...alpha2) },
		{ weight: 1, arbitrary: fc.constantFrom(...alpha3, ...alpha2).map((code) => ` ${code.toLowerCase()} `) },
		{ weight: 1, arbitrary: fc.constantFrom(...names) },
		{ weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('A', 'Z', 'X', 'u', 's', '1'), minLength: 2, maxLength: 3 }) },
		{ weight: 1, arbitrary: anyValue },
	),
};

export type GeneratedCustomer = { [K in keyof typeof fieldValue]: unknown };

export const customerFields = fc.record(fieldValue) as fc.Arbitrary<GeneratedCustomer>;

/** Customer IDs, including every trick for leaving a path segment. */
export const customerId = fc.oneof(
	fc.stringMatching(/^customer_[0-9a-f]{32}$/),
	fc.constantFrom('../', '..', '.', '/', '%2F', '%2e%2e', '?a=1', '#x', 'a b', '\\', '..%2F..%2Fadmin', '／', '․․'),
	fc.array(fc.constantFrom('..', '/', '.', '%', '2F', '?', '#', ' ', 'ü', '\u202e', 'customer_1', '\\', ';'), { maxLength: 8 }).map((parts) => parts.join('')),
	awkwardText,
	nonText,
);

export const idempotencyKey = fc.oneof(fc.constant(''), fc.uuid(), fc.emailAddress(), awkwardText);
