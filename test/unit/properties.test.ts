/**
 * Property tests of the parameter space: whatever the fields hold, building a request
 * either fails with the node's own field error or yields a body that SpherePay's
 * OpenAPI contract accepts.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';

import { buildBody } from '../../nodes/SpherePay/actions/customer/createViaLink.operation';
import { customerIdSegment, FieldValidationError, validateIdempotencyKey } from '../../nodes/SpherePay/helpers/validation';
import { customerFields, customerId, idempotencyKey } from '../arbitraries';
import { loadDefinition, SPEC_PATH } from '../emulator';

const RUNS = 10_000;

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(loadDefinition(SPEC_PATH), 'spec');
const validateDto = ajv.getSchema('spec#/components/schemas/CreateCustomerKycLinkDto')!;

test(`Create Customer via Link: ${RUNS} generated items give a field error or a body the contract accepts`, () => {
	let accepted = 0;
	fc.assert(
		fc.property(customerFields, (fields) => {
			let body;
			try {
				body = buildBody((name) => fields[name as keyof typeof fields]);
			} catch (error) {
				expect(error).toBeInstanceOf(FieldValidationError);
				expect((error as FieldValidationError).message).toMatch(/^[A-Z][\w ]+ /);
				return;
			}
			accepted++;
			expect(validateDto(body) ? [] : validateDto.errors).toEqual([]);
		}),
		{ numRuns: RUNS },
	);
	// The generators are not so hostile that nothing gets through.
	expect(accepted).toBeGreaterThan(RUNS / 5);
});

test(`Regenerate KYC Link: ${RUNS} generated customer IDs stay one path segment`, () => {
	const field = { name: 'customerId', label: 'Customer ID' };
	fc.assert(
		fc.property(customerId, (value) => {
			let segment: string;
			try {
				segment = customerIdSegment(field, value);
			} catch (error) {
				expect(error).toBeInstanceOf(FieldValidationError);
				return;
			}
			expect(segment).toMatch(/^[A-Za-z0-9\-_.!~*'()%]+$/);
			expect(['.', '..']).not.toContain(decodeURIComponent(segment));
			const url = new URL(`https://api.spherepay.co/v2/customer/${segment}/kyc-link`);
			expect(url.pathname).toBe(`/v2/customer/${segment}/kyc-link`);
			expect(decodeURIComponent(segment)).toBe(String(value).trim());
		}),
		{ numRuns: RUNS },
	);
});

test(`Idempotency Key: ${RUNS} generated keys are refused or safe to send as a header`, () => {
	const field = { name: 'idempotencyKey', label: 'Idempotency Key' };
	fc.assert(
		fc.property(idempotencyKey, (value) => {
			let key: string | undefined;
			try {
				key = validateIdempotencyKey(field, value);
			} catch (error) {
				expect(error).toBeInstanceOf(FieldValidationError);
				return;
			}
			if (key === undefined) return;
			expect(key.length).toBeLessThanOrEqual(255);
			expect(() => new Headers({ 'Idempotency-Key': key })).not.toThrow();
			expect(key).toBe(key.trim());
		}),
		{ numRuns: RUNS },
	);
});
