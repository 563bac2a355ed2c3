import { simplifyCustomer } from '../../nodes/shared/helpers/customer';

describe('simplifyCustomer', () => {
	test('a profile named like an object member is a key like any other', () => {
		const simple = simplifyCustomer({
			id: 'customer_1',
			type: 'individual',
			verificationProfiles: [
				{ name: '__proto__', status: 'approved' },
				{ name: 'constructor', status: 'pending' },
				{ name: 'kyc_profile_a' },
				{ status: 'approved' },
				null,
			],
		});
		expect(Object.getPrototypeOf(simple.profileStatus)).toBe(Object.prototype);
		expect(JSON.stringify(simple.profileStatus)).toBe('{"__proto__":"approved","constructor":"pending","kyc_profile_a":null}');
		expect(simple.verificationStatus).toBe('approved');
	});

	test('fields the answer lacks stay absent; a type SpherePay may add later keeps every name field', () => {
		expect(simplifyCustomer({ id: 'customer_1', type: 'trust', firstName: 'Ada', businessTradeName: 'Acme', meta: { a: 1 }, updatedAt: 'x' })).toEqual({
			id: 'customer_1',
			type: 'trust',
			firstName: 'Ada',
			businessTradeName: 'Acme',
			verificationStatus: 'incomplete',
			profileStatus: {},
		});
	});

	test.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('a type named like an object member (%s) is an unknown type: every name field', (type) => {
		expect(simplifyCustomer({ id: 'customer_1', type, firstName: 'Ada', businessLegalName: 'Acme Ltd' })).toEqual({
			id: 'customer_1',
			type,
			firstName: 'Ada',
			businessLegalName: 'Acme Ltd',
			verificationStatus: 'incomplete',
			profileStatus: {},
		});
	});
});
