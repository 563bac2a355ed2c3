/**
 * The node as a person sees it in n8n's editor: headless Debian Chromium logs into a real
 * n8n, opens a workflow with the SpherePay node, checks what is on screen and saves PNGs
 * to test/ui/screenshots/ (not kept in git). SPHEREPAY_DOCS_IMAGES=1 also copies the pictures
 * the docs show (DOCS_IMAGES) into docs/images/.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { Browser, Locator, Page } from 'playwright-core';

import { mapperFields } from '../../nodes/SpherePay/actions/customer/createViaLink.operation';
import { startEmulator } from '../emulator';
import { SAMPLE_FIELDS } from '../samples';
import { N8nInstance, uiVersionsUnderTest } from '../e2e/n8n';
import { localSpherePayCredential, OWNER, SPHEREPAY_CREDENTIAL as CREDENTIAL } from '../tooling/examples';
import { spherePayNode as savedSpherePayNode } from '../tooling/workflows';
import { signedInEditor } from './browser';

const ICON = '/icons/n8n-nodes-spherepay/dist/nodes/SpherePay/spherePay.svg';

/**
 * The screenshots README.md and docs/ show, by the name the test saves them under, and the
 * name they have in docs/images/. Written there only when SPHEREPAY_DOCS_IMAGES=1 (from the
 * first version under test), so a test run leaves git clean.
 */
const DOCS_IMAGES: Record<string, string> = {
	'create-customer-via-link.png': 'editor.png',
	'create-customer-map-manually.png': 'create-customer-map-manually.png',
	'create-customer-map-automatically.png': 'create-customer-map-automatically.png',
	'create-tos-link.png': 'create-tos-link.png',
	'country-expression.png': 'country-expression.png',
	'trigger-events.png': 'trigger-events.png',
	'trigger-test-panel.png': 'trigger-test-panel.png',
	'nodes-panel-actions.png': 'nodes-panel-actions.png',
};
const DOCS_IMAGES_DIR = path.join(__dirname, '..', '..', 'docs', 'images');

const spherePayNode = (name: string, position: [number, number], parameters: Record<string, unknown>, typeVersion = 1) =>
	savedSpherePayNode({
		id: `ui-${name.replace(/\W/g, '')}`,
		name,
		typeVersion,
		position,
		parameters: { resource: 'customer', ...parameters },
		credential: CREDENTIAL,
	});

const TOUR = {
	id: 'spherePayUiTour',
	name: 'SpherePay editor tour',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{ id: 'ui-start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		spherePayNode('Create Customer via Link', [240, 0], { operation: 'createViaLink', ...SAMPLE_FIELDS }),
		spherePayNode('Regenerate KYC Link', [480, 0], {
			operation: 'regenerateKycLink',
			customerId: 'customer_f31121c389624d3697cbf3ea8830b7a4',
		}),
		spherePayNode('Pick a customer', [720, 0], { operation: 'regenerateKycLink', customerId: { __rl: true, mode: 'list', value: '' } }, 2),
		spherePayNode('Get Customer', [960, 0], { operation: 'get', customerId: { __rl: true, mode: 'id', value: 'customer_f31121c389624d3697cbf3ea8830b7a4' } }, 2),
		spherePayNode('Get Many', [1200, 0], { operation: 'getAll', filters: { status: 'incomplete' } }, 2),
		// A customer picked from the list, as the panel saves it: the docs' picture shows the picker filled in.
		spherePayNode('Create Terms of Service Link', [1440, 0], {
			operation: 'createTosLink',
			customerId: { __rl: true, mode: 'list', value: 'customer_f31121c389624d3697cbf3ea8830b7a4', cachedResultName: 'Grace Hopper (grace.hopper@example.com)' },
		}, 2),
		spherePayNode('Country from an expression', [1680, 0], { operation: 'createViaLink', ...SAMPLE_FIELDS, country: "={{ 'us' }}" }, 2),
	],
	connections: {
		Start: { main: [[{ node: 'Create Customer via Link', type: 'main', index: 0 }]] },
		'Create Customer via Link': { main: [[{ node: 'Regenerate KYC Link', type: 'main', index: 0 }]] },
		'Regenerate KYC Link': { main: [[{ node: 'Pick a customer', type: 'main', index: 0 }]] },
		'Pick a customer': { main: [[{ node: 'Get Customer', type: 'main', index: 0 }]] },
		'Get Customer': { main: [[{ node: 'Get Many', type: 'main', index: 0 }]] },
		'Get Many': { main: [[{ node: 'Create Terms of Service Link', type: 'main', index: 0 }]] },
		'Create Terms of Service Link': { main: [[{ node: 'Country from an expression', type: 'main', index: 0 }]] },
	},
};

const TRIGGER_TOUR = {
	id: 'spherePayUiTrigger',
	name: 'SpherePay Trigger tour',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'ui-trigger',
			name: 'SpherePay Trigger',
			type: 'n8n-nodes-spherepay.spherePayTrigger',
			typeVersion: 1,
			position: [0, 0],
			webhookId: '7c0d9e8f-1a2b-4c3d-8e4f-5a6b7c8d9e0f',
			parameters: { registration: 'automatic', events: ['customer.kyc.successful', 'customer.kyc.rejected'] },
			credentials: { spherePayApi: CREDENTIAL },
		},
	],
	connections: {},
};

/** Version 3's resource mapper in both modes, with the fields the editor saves beside the values. */
const MAPPER_TOUR = {
	id: 'spherePayUiMapper',
	name: 'SpherePay resource mapper',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{ id: 'ui-mapper-start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		spherePayNode('Mapped Manually', [240, 0], {
			operation: 'createViaLink',
			columns: { mappingMode: 'defineBelow', value: { ...SAMPLE_FIELDS, email: '={{ $json.email }}' }, matchingColumns: [], schema: mapperFields, attemptToConvertTypes: false, convertFieldsToString: true },
		}, 3),
		spherePayNode('Mapped Automatically', [480, 0], {
			operation: 'createViaLink',
			columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: [], schema: mapperFields },
		}, 3),
	],
	connections: {
		Start: { main: [[{ node: 'Mapped Manually', type: 'main', index: 0 }]] },
		'Mapped Manually': { main: [[{ node: 'Mapped Automatically', type: 'main', index: 0 }]] },
	},
};

/** Whether every <img> for the SpherePay icon inside `scope` has loaded (not the "?" placeholder). */
async function iconsLoaded(page: Page, scope: string): Promise<boolean[]> {
	return await page.$$eval(
		`${scope} img[src*="${ICON}"]`,
		(images) =>
			images.map((img) => {
				const image = img as unknown as { complete: boolean; naturalWidth: number };
				return image.complete && image.naturalWidth > 0;
			}),
	);
}

/** What the inputs inside `scope` hold: a dropdown shows its choice as an input's value, not as text. */
async function inputValues(scope: Locator): Promise<string[]> {
	return await scope.locator('input').evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
}

describe.each(uiVersionsUnderTest())('the SpherePay node in n8n %s’s editor', (version) => {
	const SHOTS = path.join(__dirname, 'screenshots', version);
	const n8n = new N8nInstance(version);
	let browser: Browser;
	let page: Page;
	let editorUrl: string;
	let emulator: Awaited<ReturnType<typeof startEmulator>>;

	beforeAll(async () => {
		fs.rmSync(SHOTS, { recursive: true, force: true });
		fs.mkdirSync(SHOTS, { recursive: true });
		emulator = await startEmulator({ apiKeys: ['sk_test_ui_editor'] });
		emulator.seedLinkCustomer({ email: 'grace.hopper@example.com', firstName: 'Grace', lastName: 'Hopper' });
		emulator.seedLinkCustomer({ type: 'business', email: 'accounts@acme-logistics.example', businessLegalName: 'Acme Logistics Ltd' });
		emulator.seedLinkCustomer({ email: 'ada.lovelace@example.com', firstName: 'Ada', lastName: 'Lovelace' });
		await n8n.install();
		await n8n.importCredentials([localSpherePayCredential({ apiKey: 'sk_test_ui_editor', baseUrl: emulator.url })]);
		await n8n.importWorkflows([TOUR, TRIGGER_TOUR, MAPPER_TOUR]);
		editorUrl = (await n8n.startServer(OWNER)).url;
		({ browser, page } = await signedInEditor(editorUrl, OWNER, { width: 1440, height: 1300 }));
	}, 30 * 60_000);

	afterAll(async () => {
		await browser?.close();
		await n8n.stop();
		await emulator?.close();
		n8n.cleanup();
	});

	/** Saves a screenshot into SHOTS, and copies it into docs/images/ when it is one the docs show and that is asked for. */
	const shoot = async (target: Page | Locator, name: string) => {
		const file = path.join(SHOTS, name);
		await target.screenshot({ path: file });
		const docsName = DOCS_IMAGES[name];
		if (docsName && process.env.SPHEREPAY_DOCS_IMAGES === '1' && version === uiVersionsUnderTest()[0]) {
			fs.copyFileSync(file, path.join(DOCS_IMAGES_DIR, docsName));
		}
	};

	const openNode = async (name: string, workflowId = TOUR.id) => {
		await page.goto(`${editorUrl}/workflow/${workflowId}`);
		await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).dblclick();
		await page.waitForSelector('[data-test-id="node-parameters"]');
		await page.waitForTimeout(500);
		return page.locator('[data-test-id="ndv"]');
	};

	test('on the canvas, both nodes show the SpherePay icon and their operation', async () => {
		await page.goto(`${editorUrl}/workflow/${TOUR.id}`);
		await page.waitForSelector('[data-test-id="canvas-node"][data-node-name="Regenerate KYC Link"]');
		await page.waitForTimeout(1000);
		// Every SpherePay node of the tour, its icon loaded.
		const spherePayNodes = TOUR.nodes.filter((node) => node.type.startsWith('n8n-nodes-spherepay.')).length;
		expect(await iconsLoaded(page, '[data-test-id="canvas-node"]')).toEqual(Array(spherePayNodes).fill(true));
		const canvas = await page.locator('[data-test-id="canvas-node"][data-node-type="n8n-nodes-spherepay.spherePay"]').allInnerTexts();
		expect(canvas.join('\n')).toContain('Regenerate KYC Link');
		await shoot(page, 'canvas.png');
	});

	test('Create Customer via Link: every field, with its hint', async () => {
		const ndv = await openNode('Create Customer via Link');
		const text = await ndv.locator('[data-test-id="node-parameters"]').innerText();
		for (const label of ['Credential', 'Resource', 'Operation', 'Customer Type', 'Email', 'Phone', 'Address Line 1', 'Address Line 2', 'City', 'State', 'Postal Code', 'Country']) {
			expect(text).toContain(label);
		}
		for (const hint of ['E.164', 'Required for countries that have states or provinces', 'Required for countries that use postal codes', 'us and usa both become USA']) {
			expect(text).toContain(hint);
		}
		expect(await iconsLoaded(page, '[data-test-id="ndv"]')).toContain(true);
		await shoot(ndv, 'create-customer-via-link.png');
	});

	test('Country: an expression giving the 2-letter code the hint promises (us) is not flagged as unsupported', async () => {
		const ndv = await openNode('Country from an expression');
		const country = ndv.locator('[data-test-id="parameter-input-country"]');
		await country.waitFor();
		await page.waitForTimeout(1000);
		const tips: string[] = [];
		const issues = ndv.locator('[data-test-id="parameter-issues"]');
		for (let i = 0; i < (await issues.count()); i++) {
			await issues.nth(i).hover();
			await page.waitForTimeout(300);
			tips.push(await page.locator('body').innerText());
		}
		await shoot(ndv, 'country-expression.png');
		expect(tips.join('\n')).not.toContain('is not supported');
		expect(await issues.count()).toBe(0);
		expect(await ndv.locator('[data-test-id="node-parameters"]').innerText()).toContain("{{ 'us' }}");
	});

	test('version 3, Map Each Column Manually: the fields in the resource mapper, with their hints', async () => {
		const ndv = await openNode('Mapped Manually', MAPPER_TOUR.id);
		const text = await ndv.locator('[data-test-id="node-parameters"]').innerText();
		expect(await inputValues(ndv)).toContain('Map Each Column Manually');
		for (const label of ['Values to Send', 'Customer Type', 'Email', 'Phone', 'Address Line 1', 'Address Line 2', 'City', 'State', 'Postal Code', 'Country']) {
			expect(text).toContain(label);
		}
		expect(text).toContain('E.164');
		await shoot(ndv, 'create-customer-map-manually.png');
	});

	test('version 3, Map Automatically: no field to fill', async () => {
		const ndv = await openNode('Mapped Automatically', MAPPER_TOUR.id);
		const text = await ndv.locator('[data-test-id="node-parameters"]').innerText();
		expect(await inputValues(ndv)).toContain('Map Automatically');
		expect(text).toContain('In this mode, make sure the incoming data fields are named');
		expect(text).not.toContain('Values to Send');
		expect(text).not.toContain('Address Line 1');
		await shoot(ndv, 'create-customer-map-automatically.png');
	});

	test('Create Customer via Link: Add option lists the five options', async () => {
		const ndv = await openNode('Create Customer via Link');
		await ndv.getByPlaceholder('Add option').click();
		const items = page.locator('[data-test-id="collection-parameter-option"]:visible');
		await items.first().waitFor();
		expect((await items.allInnerTexts()).map((text) => text.trim())).toEqual([
			'Concurrency',
			'Idempotency Key',
			'Requests per Second',
			'Retries',
			'Timeout (Seconds)',
		]);
		await shoot(page, 'options.png');
		await page.keyboard.press('Escape');
	});

	test('Regenerate KYC Link: the customer ID field, with its hint', async () => {
		const ndv = await openNode('Regenerate KYC Link');
		const text = await ndv.locator('[data-test-id="node-parameters"]').innerText();
		expect(text).toContain('Customer ID');
		expect(text).toContain('Only customers created via an onboarding link can get a new link');
		expect(text).not.toContain('Address Line 1');
		await shoot(ndv, 'regenerate-kyc-link.png');
	});

	test('version 2: the Customer picker lists SpherePay’s customers by name and e-mail, and searches them', async () => {
		const ndv = await openNode('Pick a customer');
		await ndv.locator('[data-test-id="rlc-input"]').click();
		const items = page.locator('[data-test-id="rlc-item"]');
		await items.first().waitFor();
		expect((await items.allInnerTexts()).map((text) => text.trim())).toEqual([
			'Ada Lovelace (ada.lovelace@example.com)',
			'Acme Logistics Ltd (accounts@acme-logistics.example)',
			'Grace Hopper (grace.hopper@example.com)',
		]);
		await shoot(page, 'customer-picker.png');
		await page.locator('input[data-test-id="rlc-search"], [data-test-id="rlc-search"] input').first().fill('hopper');
		// The list is searched again as the user types: wait for the answer to replace it.
		for (let tries = 0; tries < 50 && (await items.count()) !== 1; tries++) await page.waitForTimeout(100);
		expect((await items.allInnerTexts()).map((text) => text.trim())).toEqual(['Grace Hopper (grace.hopper@example.com)']);
		expect(emulator.requests.at(-1)?.query).toMatchObject({ search: 'hopper' });
		await shoot(page, 'customer-picker-search.png');
		await page.keyboard.press('Escape');
	});

	test('Get Customer: the Customer field and what the output holds', async () => {
		const ndv = await openNode('Get Customer');
		const text = await ndv.locator('[data-test-id="node-parameters"]').innerText();
		expect(text).toContain('Customer');
		expect(text).not.toContain('Address Line 1');
		expect(text).toContain('plus verificationStatus: approved, pending (under review), rejected or incomplete');
		await shoot(ndv, 'get-customer.png');
	});

	test('Create Terms of Service Link: the Customer picker, with its hint', async () => {
		const ndv = await openNode('Create Terms of Service Link');
		const text = await ndv.locator('[data-test-id="node-parameters"]').innerText();
		// The chosen operation is the value of the Operation dropdown's input, not its text.
		const values = await ndv.locator('[data-test-id="node-parameters"] input').evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
		expect(values).toContain('Create Terms of Service Link');
		expect(text).toContain('Customer');
		expect(text).toContain('the customer cannot transact until they accept');
		expect(values).toContain('Grace Hopper (grace.hopper@example.com)');
		expect(await ndv.locator('[data-test-id="parameter-issues"]').count()).toBe(0);
		expect(text).not.toContain('Address Line 1');
		await shoot(ndv, 'create-tos-link.png');
	});

	test('Get Many: Return All, Limit, and filters by search, e-mail, type and verification status', async () => {
		const ndv = await openNode('Get Many');
		const text = await ndv.locator('[data-test-id="node-parameters"]').innerText();
		for (const label of ['Return All', 'Limit', 'Filters', 'Verification Status']) expect(text).toContain(label);
		await shoot(ndv, 'get-many.png');
		await ndv.getByPlaceholder('Add Filter').click();
		const items = page.locator('[data-test-id="collection-parameter-option"]:visible');
		await items.first().waitFor();
		// Verification Status is set already; the others are offered.
		expect((await items.allInnerTexts()).map((item) => item.trim())).toEqual(['Email', 'Search', 'Type']);
		await shoot(page, 'get-many-filters.png');
		await page.keyboard.press('Escape');
	});

	test('the credential dialog', async () => {
		await openNode('Create Customer via Link');
		await page.click('[data-test-id="credential-edit-button"]');
		const dialog = page.locator('[data-test-id="editCredential-modal"]');
		await dialog.waitFor();
		await page.waitForTimeout(500);
		// The dialog tests the connection on open: GET /v2/customer against the emulator.
		await dialog.getByText('Connection tested successfully').waitFor();
		const text = await dialog.innerText();
		for (const label of ['SpherePay API', 'API Key', 'Environment', 'Base URL']) expect(text).toContain(label);
		expect(emulator.requests.at(-1)?.url).toBe('/v2/customer?page=1&limit=1');
		await shoot(dialog, 'credential.png');
	});

	test('SpherePay Trigger: Automatic registration, what it means for the 10-webhook limit, and the events in words', async () => {
		const ndv = await openNode('SpherePay Trigger', TRIGGER_TOUR.id);
		const text = await ndv.locator('[data-test-id="node-parameters"]').innerText();
		await shoot(ndv, 'trigger-automatic.png');
		for (const label of ['Registration', 'Events', 'Verification Approved', 'Verification Rejected']) expect(text).toContain(label);
		expect(text).not.toContain('customer.kyc.successful');
		expect(await ndv.locator('[data-test-id="parameter-input-registration"] input').inputValue()).toBe('Automatic');
		expect(text).toContain('Publishing (activating) the workflow registers');
		expect(text).toContain('cannot delete webhooks, so unpublishing keeps it and publishing again reuses it');
		expect(text).toContain('After deleting this workflow, delete its webhook in the SpherePay dashboard');
		expect(text).toContain('SpherePay sends events to the Production URL only');
		expect(text).not.toMatch(/On activation|deactivating|activate the workflow/);
		expect(await iconsLoaded(page, '[data-test-id="ndv"]')).toContain(true);

		await ndv.locator('[data-test-id="parameter-input-events"]').click();
		const items = page.locator('.el-select-dropdown__item:visible');
		await items.first().waitFor();
		expect((await items.allInnerTexts()).map((item) => item.split('\n')[0].trim())).toEqual([
			'Additional Review Required',
			'Any Event',
			'Customer Created',
			'Customer Updated',
			'Terms of Service Accepted',
			'Terms of Service Pending',
			'Verification Approved',
			'Verification Rejected',
			'Verification Under Review',
		]);
		await shoot(page, 'trigger-events.png');
		await page.keyboard.press('Escape');
	});

	test('SpherePay Trigger, Automatic: the trigger panel says where events go before listening, and listening ends in no error toast', async () => {
		const ndv = await openNode('SpherePay Trigger', TRIGGER_TOUR.id);
		await page.waitForTimeout(500);
		const panelText = await ndv.innerText();
		// Shown before the button is pressed, not folded away.
		expect(panelText).toContain('Automatic registration: SpherePay sends events to the Production URL only');
		expect(panelText).toContain('choose Registration: Manual and add this node’s Test URL');
		await shoot(ndv, 'trigger-test-panel.png');
		const listen = ndv.locator('[data-test-id="node-execute-button"], [data-test-id="trigger-execute-button"]').first();
		await listen.click();
		await page.waitForTimeout(3000);
		const toasts = await page.locator('.el-notification:visible').allInnerTexts();
		await shoot(page, 'trigger-test-listening.png');
		expect(toasts.join('\n')).not.toContain('Automatic registration does not register the Test URL');
		expect(await page.locator('.el-notification--error:visible, .el-notification:visible .el-icon-error, .el-notification:visible [class*="error"]').count()).toBe(0);
		await page.goto(`${editorUrl}/home/workflows`);
	});

	test('SpherePay Trigger: Manual registration takes the signing secret from the credential', async () => {
		const ndv = await openNode('SpherePay Trigger', TRIGGER_TOUR.id);
		await ndv.locator('[data-test-id="parameter-input-registration"]').click();
		await page.locator('.el-select-dropdown__item:visible', { hasText: 'Manual' }).click();
		await page.waitForTimeout(500);
		const text = await ndv.locator('[data-test-id="node-parameters"]').innerText();
		expect(text).toContain('add a webhook with this node’s Production URL');
		expect(text).toContain('Webhook Signing Secret field');
		expect(text).not.toContain('cannot delete webhooks');
		await shoot(ndv, 'trigger-manual.png');
		await page.click('[data-test-id="credential-edit-button"]');
		const dialog = page.locator('[data-test-id="editCredential-modal"]');
		await dialog.waitFor();
		await dialog.getByText('Webhook Signing Secret').waitFor();
		await shoot(dialog, 'credential-webhook-secret.png');
		await page.keyboard.press('Escape');
	});

	test('the nodes panel finds "SpherePay" with its icon', async () => {
		await page.goto(`${editorUrl}/workflow/${TOUR.id}`);
		await page.waitForSelector('[data-test-id="canvas-node"]');
		await page.click('[data-test-id="node-creator-plus-button"]');
		await page.keyboard.type('SpherePay');
		const creator = page.locator('[data-test-id="node-creator"]');
		await creator.getByText('SpherePay', { exact: true }).first().waitFor();
		await page.waitForTimeout(800);
		expect(await iconsLoaded(page, '[data-test-id="node-creator"]')).toContain(true);
		await shoot(page, 'nodes-panel-search.png');
	});

	test('the nodes panel: triggers in a builder’s words with On any event, and each action in the words of its Operation', async () => {
		await page.goto(`${editorUrl}/workflow/${TOUR.id}`);
		await page.waitForSelector('[data-test-id="canvas-node"]');
		await page.click('[data-test-id="node-creator-plus-button"]');
		await page.keyboard.type('SpherePay');
		const creator = page.locator('[data-test-id="node-creator"]');
		await creator.getByText('SpherePay', { exact: true }).first().click();
		await creator.getByText(/^Triggers \(\d+\)/).first().click();
		await creator.getByText('On any event').first().waitFor();
		const listed = (await creator.innerText()).split('\n').map((line) => line.trim());
		await shoot(page, 'nodes-panel-actions.png');
		expect(listed).toEqual(expect.arrayContaining([
			'On verification approved',
			'On verification rejected',
			'On additional review required',
			'On any event',
			'Create customer via link (returns KYC URL)',
			'Regenerate KYC link when it expired',
			'Get customer and KYC status by ID',
			'Get many customers by email, name or status',
		]));
		expect(listed.join('\n')).not.toMatch(/On customer (kyc|tos)|onboarding link|Create a customer/);
		await page.keyboard.press('Escape');
	});
});
