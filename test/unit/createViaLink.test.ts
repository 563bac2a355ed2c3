import { buildBody, labelForPointer } from '../../nodes/SpherePay/actions/customer/createViaLink.operation';
import { FieldValidationError } from '../../nodes/SpherePay/helpers/validation';
import { SAMPLE_BODY, SAMPLE_FIELDS } from '../samples';

const params = (overrides: Record<string, unknown> = {}) => {
	const values: Record<string, unknown> = { ...SAMPLE_FIELDS, ...overrides };
	return (name: string) => values[name];
};

test('maps every field onto the DTO', () => {
	expect(buildBody(params())).toEqual(SAMPLE_BODY);
});

test('omits empty optional fields, and only those', () => {
	const body = buildBody(params({ addressLine2: '', state: undefined, postalCode: ' ' }));
	expect(body.address).toEqual({ line1: '233 South Wacker Drive', city: 'Chicago', country: 'USA' });
	expect(Object.keys(body)).toEqual(['type', 'email', 'phone', 'address']);
});

test('the first invalid field is reported with its parameter name and label', () => {
	try {
		buildBody(params({ email: 'nope', phone: 'nope' }));
		throw new Error('expected a FieldValidationError');
	} catch (error) {
		expect(error).toBeInstanceOf(FieldValidationError);
		expect((error as FieldValidationError).field).toBe('email');
	}
});

test('maps SpherePay’s pointers back to field labels', () => {
	expect(labelForPointer('/type')).toBe('Customer Type');
	expect(labelForPointer('/address/postalCode')).toBe('Postal Code');
	expect(labelForPointer('/address')).toBe('Address');
	expect(labelForPointer('/nonsense')).toBeUndefined();
});
