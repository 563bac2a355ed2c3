import Ajv from 'ajv';
import addFormats from 'ajv-formats';

import {
	customerIdSegment,
	FieldValidationError,
	normalizeCountry,
	normalizePhone,
	readText,
	validateEmail,
	validateOption,
	validateText,
} from '../../nodes/SpherePay/helpers/validation';

const field = (name: string, label = name) => ({ name, label });
const refused = (fn: () => unknown) => {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(FieldValidationError);
		return error as FieldValidationError;
	}
	throw new Error('expected a FieldValidationError');
};

describe('phone', () => {
	const phone = field('phone', 'Phone');

	test.each([
		['+1 (415) 555-0123', '+14155550123'],
		['+14155550123', '+14155550123'],
		['+44 20 7946 0958', '+442079460958'],
		['+33.1.23.45.67.89', '+33123456789'],
		['  +49 (0)30-1234567 ', '+49301234567'],
		['+1\u00a0415\u00a0555\u00a00123', '+14155550123'],
		['+1234567', '+1234567'],
		['+123456789012345', '+123456789012345'],
	])('%j → %j', (input, expected) => {
		expect(normalizePhone(phone, input)).toBe(expected);
	});

	test('a number without + shows the expected form', () => {
		const error = refused(() => normalizePhone(phone, '(415) 555-0123'));
		expect(error.message).toBe('Phone must start with + and the country code (E.164)');
		expect(error.fix).toBe(
			'Got "(415) 555-0123". Write it with + and the country code, e.g. +14155550123. Spaces, dashes, dots and parentheses are removed for you.',
		);
		expect(error.field).toBe('phone');
	});

	test.each([
		['+44 (0)20 7946 0958', '+442079460958'],
		['+44(0)2079460958', '+442079460958'],
		['+49 (0) 30 1234567', '+49301234567'],
		['+41 ( 0 )44 668 18 00', '+41446681800'],
		['+31 (0)6-1234-5678', '+31612345678'],
	])('the trunk zero after the country code is left out: %j → %j', (input, expected) => {
		expect(normalizePhone(phone, input)).toBe(expected);
	});

	test.each([
		['+44 0 20 7946 0958', '+442079460958'],
		['+44-0-20-7946-0958', '+442079460958'],
		['+49 0 30 1234567', '+49301234567'],
		['+33 0 1 23 45 67 89', '+33123456789'],
	])('a trunk zero written alone after the country code is left out too: %j → %j', (input, expected) => {
		expect(normalizePhone(phone, input)).toBe(expected);
	});

	test.each([
		['+39 06 6982 1234', '+390669821234'],
		['+39 0 6 6982 1234', '+390669821234'],
		['+225 07 12 34 56 78', '+2250712345678'],
	])('a 0 that belongs to the number is kept: %j → %j', (input, expected) => {
		expect(normalizePhone(phone, input)).toBe(expected);
	});

	test.each(['+44 20 (0)7946 0958', '+4420(0)79460958', '(0)20 7946 0958'])(
		'a (0) anywhere else is refused rather than guessed: %j',
		(input) => {
			const error = refused(() => normalizePhone(phone, input));
			expect(error.message).toBe('Phone has a (0) that does not follow the country code');
			expect(error.fix).toContain('+44 (0)20 7946 0958');
		},
	);

	test('a number from an expression has no + and is refused', () => {
		expect(refused(() => normalizePhone(phone, 14155550123)).message).toMatch(/must start with \+/);
	});

	test.each(['+123456', '+1234567890123456', '+1 415 555 O123', '+1/415/5550123', '++14155550123', '+'])(
		'%j is not E.164',
		(input) => {
			expect(refused(() => normalizePhone(phone, input)).message).toBe('Phone is not an E.164 phone number');
		},
	);

	test('empty is required', () => {
		expect(refused(() => normalizePhone(phone, '  ')).message).toBe('Phone is required');
	});
});

describe('country', () => {
	const country = field('country', 'Country');

	test.each([
		['USA', 'USA'],
		['usa', 'USA'],
		['us', 'USA'],
		['US', 'USA'],
		[' gb ', 'GBR'],
		['Can', 'CAN'],
		['de', 'DEU'],
		['CHE', 'CHE'],
	])('%j → %j', (input, expected) => {
		expect(normalizeCountry(country, input)).toBe(expected);
	});

	test.each(['XX', 'ZZZ', 'U', 'USAA', 'U.S.', '840', 'Atlantis'])('%j is refused', (input) => {
		const error = refused(() => normalizeCountry(country, input));
		expect(error.message).toBe('Country is not an ISO 3166-1 country code');
		expect(error.fix).toContain('3-letter code such as USA, GBR or CAN');
	});

	test('a country name gets a suggestion', () => {
		expect(refused(() => normalizeCountry(country, 'germany')).fix).toContain('Did you mean DEU (Germany)?');
	});
});

describe('email', () => {
	const email = field('email', 'Email');
	const ajv = addFormats(new Ajv());
	const schemaAccepts = ajv.compile({ type: 'string', format: 'email', maxLength: 254 });

	// The node must accept exactly what the API schema accepts, so nothing valid is refused
	// and nothing it sends is refused by SpherePay's validation.
	test.each([
		'jane.smith@example.com',
		'JANE+tag@sub.example.co.uk',
		"o'brien@example.ie",
		'a@b.co',
		'x@localhost',
		'jane@',
		'@example.com',
		'jane smith@example.com',
		'jane..smith@example.com',
		'jane@-example.com',
		'Jane <jane@example.com>',
		'jäne@example.com',
		`${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}`,
	])('%j: same verdict as the API schema', (value) => {
		let accepted = true;
		try {
			validateEmail(email, value);
		} catch {
			accepted = false;
		}
		expect(accepted).toBe(schemaAccepts(value));
	});

	test('is trimmed', () => {
		expect(validateEmail(email, '  jane@example.com ')).toBe('jane@example.com');
	});

	test('over 254 characters', () => {
		const long = `${'a'.repeat(245)}@example.com`;
		expect(refused(() => validateEmail(email, long)).message).toBe('Email is longer than 254 characters');
	});
});

describe('text', () => {
	const line1 = field('addressLine1', 'Address Line 1');

	test('numbers from expressions become text', () => {
		expect(readText(field('postalCode'), 60606)).toBe('60606');
	});

	test.each([
		[{ a: 1 }, 'an object'],
		[[1, 2], 'a list'],
		[true, 'a boolean'],
	])('%j is refused as %s', (value, kind) => {
		expect(refused(() => readText(line1, value)).message).toBe(`Address Line 1 must be text, not ${kind}`);
	});

	test('length counts characters, not UTF-16 units', () => {
		expect(validateText(line1, '😀'.repeat(255), { maxLength: 255 })).toHaveLength(510);
		expect(refused(() => validateText(line1, '😀'.repeat(256), { maxLength: 255 })).message).toBe(
			'Address Line 1 is longer than 255 characters',
		);
	});

	test('empty optional text is empty, empty required text is refused', () => {
		expect(validateText(line1, null)).toBe('');
		expect(refused(() => validateText(line1, '', { required: true, example: 'Main St 1' })).fix).toBe(
			'Enter a value, e.g. Main St 1.',
		);
	});

	test('long values are shortened when echoed', () => {
		const error = refused(() => validateEmail(field('email', 'Email'), 'x'.repeat(500)));
		expect(error.fix.length).toBeLessThan(160);
	});
});

describe('options', () => {
	test('case-insensitive, exact values only', () => {
		const type = field('customerType', 'Customer Type');
		expect(validateOption(type, 'Business', ['individual', 'business'])).toBe('business');
		expect(refused(() => validateOption(type, 'company', ['individual', 'business'])).message).toBe(
			'Customer Type must be one of: individual, business',
		);
	});
});

describe('customer ID as a path segment', () => {
	const id = field('customerId', 'Customer ID');

	test.each([
		['customer_f31121c389624d3697cbf3ea8830b7a4', 'customer_f31121c389624d3697cbf3ea8830b7a4'],
		['a/b', 'a%2Fb'],
		['../x', '..%2Fx'],
		['?q=1', '%3Fq%3D1'],
		['#x', '%23x'],
		['a b', 'a%20b'],
		['%2F', '%252F'],
		['ü', '%C3%BC'],
	])('%j → %j', (input, expected) => {
		expect(customerIdSegment(id, input)).toBe(expected);
	});

	test.each(['.', '..', ' .. '])('%j is refused', (input) => {
		expect(refused(() => customerIdSegment(id, input)).message).toBe('Customer ID is not a customer ID');
	});
});
