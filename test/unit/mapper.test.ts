import { columnMatcher, ignoredColumnsHint } from '../../nodes/SpherePay/helpers/mapper';
import { FieldValidationError } from '../../nodes/SpherePay/helpers/validation';

const POINTERS = new Map([
	['/email', 'email'],
	['/address/line1', 'addressLine1'],
	['/address/postalCode', 'postalCode'],
]);
const LABELS: Record<string, string> = { email: 'Email', addressLine1: 'Address Line 1', postalCode: 'Postal Code' };
const match = columnMatcher(POINTERS, (name) => LABELS[name]);

describe('Map Automatically: matching an item’s keys to fields', () => {
	test('by the request’s name, the label or the parameter name, case and spaces ignored', () => {
		expect(match({ EMAIL: 'a', 'Address Line 1': 'b', ' postal code ': 1 }).values).toEqual({ email: 'a', addressLine1: 'b', postalCode: 1 });
		expect(match({ line1: 'b', POSTALCODE: '1' }).values).toEqual({ addressLine1: 'b', postalCode: '1' });
	});

	test('address fields inside an address object or as address.<name>; other fields only at the top', () => {
		expect(match({ Address: { LINE1: 'b', email: 'x' }, 'address.Postal Code': '1' })).toEqual({
			values: { addressLine1: 'b', postalCode: '1' },
			ignored: ['Address.email'],
		});
		expect(match({ 'contact.email': 'a', address: 'one line' })).toEqual({ values: {}, ignored: ['contact.email', 'address'] });
	});

	test('two keys for one field are refused, naming both', () => {
		expect(() => match({ line1: 'a', address: { line1: 'b' } })).toThrow(
			new FieldValidationError('addressLine1', 'Address Line 1 is given by two columns, "line1" and "address.line1"', ''),
		);
	});

	test('the hint names at most 20 columns and counts the rest', () => {
		const columns = new Set(Array.from({ length: 23 }, (_, i) => `c${i}`));
		expect(ignoredColumnsHint(columns)).toMatch(/: "c0", .*"c19" and 3 more\. Map Automatically/);
		expect(ignoredColumnsHint(columns)).not.toContain('"c20"');
	});
});
