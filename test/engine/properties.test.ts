/**
 * The whole node under generated input: items from expressions, through n8n's engine,
 * to the emulator that checks every request against openapi.yaml.
 */
import fc from 'fast-check';

import { customerFields, customerId, type GeneratedCustomer } from '../arbitraries';
import { createParameters, regenerateParameters, useEmulator } from './fixtures';
import { runNode } from './harness';

const BATCHES = 20;
const BATCH_SIZE = 500;

const FIELDS = Object.keys(createParameters()).filter((name) => !['resource', 'operation'].includes(name));
const fromItems = createParameters({
	...Object.fromEntries(FIELDS.map((name) => [name, `={{ $json.${name} }}`])),
	options: { requestsPerSecond: 0, concurrency: 20 },
});

/** Every output is the KYC link, a field error or SpherePay's error: nothing else. */
function kindOf(json: Record<string, unknown>): 'link' | 'field' | 'api' | 'other' {
	if (Object.keys(json).sort().join() === 'customerId,expiresAt,url') return 'link';
	if (typeof json.field === 'string' && /\[item \d+\]$/.test(String(json.error))) return 'field';
	if (typeof json.httpCode === 'number') return 'api';
	return 'other';
}

describe(`${BATCHES * BATCH_SIZE} generated items through the engine`, () => {
	const env = useEmulator();
	jest.setTimeout(120_000);

	test('Create Customer via Link: one output per item; only valid items are sent; every request meets the contract', async () => {
		const counts = { link: 0, field: 0, api: 0 };
		await fc.assert(
			fc.asyncProperty(fc.array(customerFields, { minLength: BATCH_SIZE, maxLength: BATCH_SIZE }), async (items) => {
				env.emulator.reset();
				const { output, error } = await runNode({
					parameters: fromItems,
					items: items as Array<GeneratedCustomer & Record<string, never>>,
					credential: env.credential,
					continueOnFail: true,
				});
				expect(error).toBeUndefined();
				expect(output.map((o) => o.pairedItem)).toEqual(items.map((_, item) => ({ item })));
				const kinds = output.map((o) => kindOf(o.json));
				expect(kinds.filter((kind) => kind === 'other')).toEqual([]);
				// A field error means nothing was sent for that item.
				const sendable = kinds.filter((kind) => kind !== 'field').length;
				expect(env.emulator.requests).toHaveLength(sendable);
				// The emulator answers 422 validation/failed to any request off the contract;
				// 400 address/invalid is its business rule (state or postal code missing).
				const offContract = env.emulator.requests.filter((r) => r.status !== 201 && r.status !== 400);
				expect(offContract.map((r) => ({ status: r.status, body: r.body }))).toEqual([]);
				expect(env.emulator.contractViolations).toEqual([]);
				for (const kind of kinds) counts[kind as keyof typeof counts]++;
			}),
			{ numRuns: BATCHES },
		);
		expect(counts.link).toBeGreaterThan(BATCHES * BATCH_SIZE * 0.1);
		expect(counts.field).toBeGreaterThan(BATCHES * BATCH_SIZE * 0.1);
	});

	test('Regenerate KYC Link: every request path is /v2/customer/<one segment>/kyc-link', async () => {
		const known = env.emulator.seedLinkCustomer({});
		await fc.assert(
			fc.asyncProperty(fc.array(fc.oneof(customerId, fc.constant(known)), { minLength: 100, maxLength: 100 }), async (ids) => {
				env.emulator.requests.length = 0;
				const { output, error } = await runNode({
					parameters: { ...regenerateParameters('={{ $json.id }}'), options: { requestsPerSecond: 0 } },
					items: ids.map((id) => ({ id })) as never,
					credential: env.credential,
					continueOnFail: true,
				});
				expect(error).toBeUndefined();
				expect(output).toHaveLength(ids.length);
				for (const request of env.emulator.requests) {
					expect(request.url).toMatch(/^\/v2\/customer\/[^/?#]+\/kyc-link$/);
					expect(['.', '..']).not.toContain(decodeURIComponent(request.url.split('/')[3]));
				}
				const kinds = output.map((o) => kindOf(o.json));
				expect(kinds.filter((kind) => kind === 'other')).toEqual([]);
				expect(env.emulator.requests).toHaveLength(kinds.filter((kind) => kind !== 'field').length);
			}),
			{ numRuns: 20 },
		);
	});
});
