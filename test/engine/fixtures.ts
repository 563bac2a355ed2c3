import { randomBytes } from 'node:crypto';

import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import { startEmulator } from '../emulator';
import { SAMPLE_FIELDS } from '../samples';

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/** A recognisable random key: tests search every output and error for it. */
export const API_KEY = `sk_test_${randomBytes(16).toString('hex')}`;

/** Starts one emulator for the file; each test starts from an empty one. */
export function useEmulator(options: Parameters<typeof startEmulator>[0] = {}) {
	const handle = {} as { emulator: Emulator; credential: ICredentialDataDecryptedObject };
	beforeAll(async () => {
		handle.emulator = await startEmulator({ apiKeys: [API_KEY], ...options });
		handle.credential = { apiKey: API_KEY, environment: 'custom', baseUrl: handle.emulator.url };
	});
	afterEach(() => {
		expect(handle.emulator.contractViolations).toEqual([]);
		handle.emulator.reset();
	});
	afterAll(async () => await handle.emulator.close());
	return handle;
}

export const createParameters = (overrides: INodeParameters = {}): INodeParameters => ({
	resource: 'customer',
	operation: 'createViaLink',
	...SAMPLE_FIELDS,
	...overrides,
});

export const regenerateParameters = (customerId: string): INodeParameters => ({
	resource: 'customer',
	operation: 'regenerateKycLink',
	customerId,
});

export const tosLinkParameters = (customerId: string | INodeParameters): INodeParameters => ({
	resource: 'customer',
	operation: 'createTosLink',
	customerId,
});

/** The Customer picker's ways to name a customer (version 2 on), as the editor saves them; `id` is Ada Lovelace's. */
export const PICKER_VALUES: Array<[string, (id: string) => INodeParameters]> = [
	['From List', (id) => ({ __rl: true, mode: 'list', value: id, cachedResultName: 'Ada Lovelace (ada@example.com)' })],
	['By ID', (id) => ({ __rl: true, mode: 'id', value: id })],
	['By ID, from an expression', () => ({ __rl: true, mode: 'id', value: '={{ $json.id }}' })],
];
