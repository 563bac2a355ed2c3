import { COUNTRIES } from './countries';
import { quote } from '../../shared/helpers/text';

/**
 * A field value that cannot be sent. `message` names the field and the problem;
 * `fix` tells the user what to enter instead. The router adds the item index.
 */
export class FieldValidationError extends Error {
	constructor(
		readonly field: string,
		message: string,
		readonly fix: string,
	) {
		super(message);
		this.name = 'FieldValidationError';
	}
}

export interface Field {
	/** Parameter name, e.g. `addressLine1` */
	name: string;
	/** What the user sees in the node panel, e.g. `Address Line 1` */
	label: string;
}

function fail(field: Field, problem: string, fix: string): never {
	throw new FieldValidationError(field.name, `${field.label} ${problem}`, fix);
}

/**
 * Reads a parameter as text. Expressions can yield numbers (a postal code from a
 * spreadsheet), which are accepted; objects, arrays and booleans are not.
 */
export function readText(field: Field, value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'bigint') return value.toString();
	const kind = Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
	return fail(
		field,
		`must be text, not ${kind}`,
		`The value or expression gave ${kind}. Point the expression at a single text value, e.g. {{ $json.${field.name} }}.`,
	);
}

interface TextRules {
	required?: boolean;
	maxLength?: number;
	example?: string;
}

export function validateText(field: Field, value: unknown, rules: TextRules = {}): string {
	const text = readText(field, value);
	if (text === '') {
		if (rules.required) {
			fail(field, 'is required', `Enter a value${rules.example ? `, e.g. ${rules.example}` : ''}.`);
		}
		return '';
	}
	if (rules.maxLength !== undefined && [...text].length > rules.maxLength) {
		fail(
			field,
			`is longer than ${rules.maxLength} characters`,
			`It has ${[...text].length} characters; SpherePay accepts at most ${rules.maxLength}.`,
		);
	}
	return text;
}

// The pattern the API schema's `format: email` is checked with (ajv-formats, full mode).
const EMAIL_PATTERN =
	/^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
export const EMAIL_MAX_LENGTH = 254;
/** SpherePay's customer `search` takes 1 to 255 characters. */
export const SEARCH_MAX_LENGTH = 255;

export function validateEmail(field: Field, value: unknown): string {
	const email = validateText(field, value, {
		required: true,
		maxLength: EMAIL_MAX_LENGTH,
		example: 'jane.smith@example.com',
	});
	if (!EMAIL_PATTERN.test(email)) {
		fail(
			field,
			'is not a valid email address',
			`Got ${quote(email)}. Use the form name@example.com, without spaces or display names.`,
		);
	}
	return email;
}

// E.164 as the API schema states it: "+", then 7 to 15 digits.
const E164_PATTERN = /^\+(?:[0-9]){6,14}[0-9]$/;
const PHONE_SEPARATORS = /[\s\-.()\u00a0\u2010-\u2015]/g;
const PHONE_EXAMPLE = '+14155550123';

// "+44 (0)20 7946 0958" and "+44 0 20 7946 0958": the 0 is the trunk prefix dialled only
// from inside the country; international format leaves it out.
const TRUNK_ZERO = /^(\+[\s\u00a0]*\d{1,3})[\s\u00a0]*\([\s\u00a0]*0[\s\u00a0]*\)/;
const BARE_TRUNK_ZERO = /^(\+[\s\u00a0]*(\d{1,3}))[\s\u00a0.-]+0[\s\u00a0.-]+(?=\d)/;
// Where national numbers themselves begin with 0 (Italy, San Marino, Vatican City, Côte
// d'Ivoire, Gabon, Republic of the Congo), a lone 0 belongs to the number.
const ZERO_IS_PART_OF_NUMBER = new Set(['39', '378', '379', '225', '241', '242']);

const withoutTrunkZero = (raw: string) =>
	raw
		.replace(TRUNK_ZERO, '$1')
		.replace(BARE_TRUNK_ZERO, (whole, prefix: string, countryCode: string) =>
			ZERO_IS_PART_OF_NUMBER.has(countryCode) ? whole : `${prefix} `,
		);

/**
 * `+1 (415) 555-0123` → `+14155550123`, `+44 (0)20 7946 0958` and `+44 0 20 7946 0958` →
 * `+442079460958`; anything that is not E.164 after that is an error.
 */
export function normalizePhone(field: Field, value: unknown): string {
	const raw = validateText(field, value, { required: true, example: PHONE_EXAMPLE });
	const fix = `Write it with + and the country code, e.g. ${PHONE_EXAMPLE}. Spaces, dashes, dots and parentheses are removed for you.`;
	const number = withoutTrunkZero(raw);
	if (/\(\s*0\s*\)/.test(number)) {
		fail(
			field,
			'has a (0) that does not follow the country code',
			`Got ${quote(raw)}. A (0) is dropped only right after the country code, as in +44 (0)20 7946 0958. ${fix}`,
		);
	}
	const phone = number.replace(PHONE_SEPARATORS, '');
	if (!phone.startsWith('+')) {
		fail(field, 'must start with + and the country code (E.164)', `Got ${quote(raw)}. ${fix}`);
	}
	if (!E164_PATTERN.test(phone)) {
		fail(
			field,
			'is not an E.164 phone number',
			`Got ${quote(raw)}; after + it needs 7 to 15 digits and nothing else. ${fix}`,
		);
	}
	return phone;
}

const BY_ALPHA3 = new Map(COUNTRIES.map(([, alpha3, name]) => [alpha3, name]));
const ALPHA2_TO_ALPHA3 = new Map(COUNTRIES.map(([alpha2, alpha3]) => [alpha2, alpha3]));
const BY_NAME = new Map(COUNTRIES.map(([, alpha3, name]) => [name.toLowerCase(), alpha3]));

/** Accepts ISO 3166-1 alpha-3 or alpha-2 in any case and returns alpha-3 (`us` → `USA`). */
export function normalizeCountry(field: Field, value: unknown): string {
	const raw = validateText(field, value, { required: true, example: 'USA' });
	const code = raw.toUpperCase();
	if (code.length === 3 && BY_ALPHA3.has(code)) return code;
	if (code.length === 2) {
		const alpha3 = ALPHA2_TO_ALPHA3.get(code);
		if (alpha3) return alpha3;
	}
	const byName = BY_NAME.get(raw.toLowerCase());
	const suggestion = byName ? ` Did you mean ${byName} (${BY_ALPHA3.get(byName)})?` : '';
	return fail(
		field,
		'is not an ISO 3166-1 country code',
		`Got ${quote(raw)}.${suggestion} Pick the country from the list, or give a 3-letter code such as USA, GBR or CAN (2-letter codes such as US are converted).`,
	);
}

export function validateOption<T extends string>(
	field: Field,
	value: unknown,
	allowed: readonly T[],
): T {
	const text = validateText(field, value, { required: true, example: allowed[0] });
	const match = allowed.find((option) => option === text.toLowerCase());
	if (!match) {
		fail(field, `must be one of: ${allowed.join(', ')}`, `Got ${quote(text)}.`);
	}
	return match;
}

/**
 * A customer ID as one path segment. Everything is percent-encoded; `.` and `..`
 * are refused because URL parsers resolve them as "this" and "parent" segments.
 */
export function customerIdSegment(field: Field, value: unknown): string {
	const id = validateText(field, value, {
		required: true,
		example: 'customer_f31121c389624d3697cbf3ea8830b7a4',
	});
	if (id === '.' || id === '..') {
		fail(field, 'is not a customer ID', `Got ${quote(id)}. Use a customerId as SpherePay returns it, e.g. customer_f31121c389624d3697cbf3ea8830b7a4.`);
	}
	return encodeURIComponent(id);
}

const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/** An HTTP header value: printable ASCII only, or Node refuses to send the request. */
export function validateIdempotencyKey(field: Field, value: unknown): string | undefined {
	const key = validateText(field, value, { maxLength: IDEMPOTENCY_KEY_MAX_LENGTH });
	if (key === '') return undefined;
	if (/[^\x20-\x7e]/.test(key)) {
		fail(
			field,
			'can only contain ASCII letters, digits, punctuation and spaces',
			`Got ${quote(key)}. It is sent as an HTTP header; use an ID, a UUID or an ASCII email address.`,
		);
	}
	return key;
}
