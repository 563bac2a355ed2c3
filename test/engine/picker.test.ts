/**
 * Node version 2: Regenerate KYC Link's Customer is a picker (From List, By ID) whose list is
 * SpherePay's own customer search, run through n8n-core's LoadOptionsContext as the editor
 * runs it. Version 1 workflows (a plain string) are covered by regenerateKycLink.test.ts.
 */
import { REFUSED_KEY_MESSAGE } from '../../nodes/shared/constants';
import { customerLabel } from '../../nodes/SpherePay/methods/listSearch';
import { useEmulator, PICKER_VALUES } from './fixtures';
import { runListSearch, runNode } from './harness';

describe('version 2: Regenerate KYC Link with the Customer picker', () => {
	const env = useEmulator();

	test.each(PICKER_VALUES)('%s', async (_mode, value) => {
		const id = env.emulator.seedLinkCustomer({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' });
		const { output, error } = await runNode({
			parameters: { resource: 'customer', operation: 'regenerateKycLink', customerId: value(id) },
			items: [{ id }],
			credential: env.credential,
			typeVersion: 2,
		});
		expect(error).toBeUndefined();
		expect(env.emulator.requests.map((r) => r.path)).toEqual([`/v2/customer/${id}/kyc-link`]);
		expect(output).toEqual([{ json: env.emulator.customers.get(id).links[0], pairedItem: { item: 0 } }]);
	});

	test('nothing picked: n8n itself refuses to run the workflow', async () => {
		const run = runNode({
			parameters: { resource: 'customer', operation: 'regenerateKycLink', customerId: { __rl: true, mode: 'list', value: '' } },
			credential: env.credential,
			typeVersion: 2,
		});
		await expect(run).rejects.toThrow('The workflow has issues');
		expect(env.emulator.requests).toHaveLength(0);
	});

	test('an ID from an expression that gives nothing: refused before anything is sent, naming the field', async () => {
		const { error } = await runNode({
			parameters: { resource: 'customer', operation: 'regenerateKycLink', customerId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
			items: [{ id: 'customer_ok' }, {}],
			credential: env.credential,
			typeVersion: 2,
		});
		expect(error?.message).toBe('Customer ID is required [item 1]');
		expect(env.emulator.requests).toHaveLength(0);
	});
});

describe('the picker’s search (listSearch searchCustomers)', () => {
	const env = useEmulator();

	test('shows name and e-mail, newest first, and sends what the user typed as SpherePay’s search', async () => {
		const ada = env.emulator.seedLinkCustomer({ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' });
		const acme = env.emulator.seedLinkCustomer({ type: 'business', email: 'accounts@acme.example', businessLegalName: 'Acme Logistics Ltd', businessTradeName: 'Acme' });
		const all = await runListSearch('searchCustomers', env.credential);
		expect(all).toEqual({
			results: [
				{ name: 'Acme (accounts@acme.example)', value: acme },
				{ name: 'Ada Lovelace (ada@example.com)', value: ada },
			],
			paginationToken: undefined,
		});
		expect(env.emulator.requests[0].query).toEqual({ page: '1', limit: '50' });
		const found = await runListSearch('searchCustomers', env.credential, '  lovelace ');
		expect(found.results).toEqual([{ name: 'Ada Lovelace (ada@example.com)', value: ada }]);
		expect(env.emulator.requests[1].query).toEqual({ page: '1', limit: '50', search: 'lovelace' });
	});

	test('pages until SpherePay says there is no next page, whatever size its pages are', async () => {
		const ids = Array.from({ length: 120 }, (_, i) => env.emulator.seedLinkCustomer({ email: `c${i}@example.com` }));
		const seen: string[] = [];
		let token: string | undefined;
		let pages = 0;
		do {
			const page = await runListSearch('searchCustomers', env.credential, undefined, token);
			seen.push(...page.results.map((r) => String(r.value)));
			token = page.paginationToken as string | undefined;
			pages++;
		} while (token !== undefined && pages < 10);
		expect(pages).toBe(3);
		expect(seen).toEqual([...ids].reverse());
	});

	test('a refused key is said plainly, without an item number', async () => {
		await expect(runListSearch('searchCustomers', { ...env.credential, apiKey: 'sk_test_not_this_one' })).rejects.toThrow(REFUSED_KEY_MESSAGE);
	});

	test.each([
		[{ id: 'c1', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' }, 'Ada Lovelace (ada@example.com)'],
		[{ id: 'c2', businessLegalName: 'Acme Logistics Ltd', email: 'a@acme.example' }, 'Acme Logistics Ltd (a@acme.example)'],
		[{ id: 'c3', email: 'only@example.com' }, 'only@example.com'],
		[{ id: 'c4', firstName: ' ', lastName: '' }, 'c4'],
	])('label of %j: %s', (customer, label) => {
		expect(customerLabel(customer)).toBe(label);
	});
});
