/**
 * The SpherePay node as an AI agent's tool in n8n's editor: the KYC assistant example on the
 * canvas, "SpherePay Tool" among the tools the agent can be given, and a tool's fields filled
 * by the model ($fromAI). PNGs go to test/ui/screenshots/<version>/ (not kept in git);
 * SPHEREPAY_DOCS_IMAGES=1 also writes the pictures docs/ai-agents.md shows.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { startEmulator } from '../emulator';
import { N8nInstance, uiVersionsUnderTest } from '../e2e/n8n';
import { signedInEditor } from './browser';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { KYC_ASSISTANT, OWNER, localCredentials, readExamples } = require('../tooling/examples');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { kycAssistantScript, startModelServer } = require('../tooling/model-server');

const ICON = '/icons/n8n-nodes-spherepay/dist/nodes/SpherePay/spherePay.svg';
const DOCS_IMAGES = path.join(__dirname, '..', '..', 'docs', 'images');

describe.each(uiVersionsUnderTest())('the SpherePay Tool in n8n %s’s editor', (version) => {
	const SHOTS = path.join(__dirname, 'screenshots', version, 'ai');
	const n8n = new N8nInstance(version);
	let browser: Browser;
	let page: Page;
	let editorUrl: string;
	let emulator: Awaited<ReturnType<typeof startEmulator>>;
	let model: Awaited<ReturnType<typeof startModelServer>>;

	/** Saves a screenshot, and into docs/images/ when asked for (from the first version only). */
	const shoot = async (target: Page | ReturnType<Page['locator']>, name: string, docsName?: string) => {
		await target.screenshot({ path: path.join(SHOTS, `${name}.png`) });
		if (docsName && process.env.SPHEREPAY_DOCS_IMAGES === '1' && version === uiVersionsUnderTest()[0]) {
			await target.screenshot({ path: path.join(DOCS_IMAGES, `${docsName}.png`) });
		}
	};

	const openAssistant = async () => {
		await page.goto(`${editorUrl}/workflow/${KYC_ASSISTANT.id}`);
		await page.waitForSelector('[data-test-id="canvas-node"][data-node-name="Regenerate KYC Link"]');
		await page.waitForTimeout(1000);
	};

	beforeAll(async () => {
		fs.rmSync(SHOTS, { recursive: true, force: true });
		fs.mkdirSync(SHOTS, { recursive: true });
		emulator = await startEmulator({ apiKeys: ['sk_test_ui_ai'] });
		emulator.seedLinkCustomer({ email: 'ada.lovelace@example.com', firstName: 'Ada', lastName: 'Lovelace' });
		model = await startModelServer({ script: kycAssistantScript() });
		await n8n.install();
		await n8n.importCredentials(localCredentials({ apiKey: 'sk_test_ui_ai', baseUrl: emulator.url, smtpPort: 25, modelUrl: model.url }));
		await n8n.importWorkflows(readExamples().filter((workflow: { id: string }) => workflow.id === KYC_ASSISTANT.id));
		editorUrl = (await n8n.startServer(OWNER)).url;
		({ browser, page } = await signedInEditor(editorUrl, OWNER, { width: 1440, height: 1000 }));
	}, 30 * 60_000);

	afterAll(async () => {
		await browser?.close();
		await n8n.stop();
		await emulator?.close();
		await model?.close();
		n8n.cleanup();
	});

	test('the KYC assistant: the agent with its four SpherePay tools, each showing the SpherePay icon', async () => {
		await openAssistant();
		const tools = page.locator('[data-test-id="canvas-node"][data-node-type="n8n-nodes-spherepay.spherePayTool"]');
		expect((await tools.allInnerTexts()).map((text) => text.split('\n')[0].trim()).sort()).toEqual([
			'Create Customer via Link',
			'Get Customer',
			'Get Many Customers',
			'Regenerate KYC Link',
		]);
		const icons = await page.$$eval(`[data-test-id="canvas-node"] img[src*="${ICON}"]`, (images) =>
			images.map((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0),
		);
		expect(icons).toEqual([true, true, true, true]);
		await shoot(page, 'kyc-assistant-canvas', 'ai-agent-canvas');
	});

	test('the agent’s tool list offers “SpherePay Tool”', async () => {
		await openAssistant();
		await page.click('[data-test-id="node-creator-plus-button"]');
		await page.keyboard.type('SpherePay');
		const creator = page.locator('[data-test-id="node-creator"]');
		await creator.getByText('SpherePay', { exact: true }).first().waitFor();
		await page.waitForTimeout(800);
		await shoot(page, 'nodes-panel-tool', 'ai-tool-in-nodes-panel');
		expect(await creator.innerText()).toContain('SpherePay');
		await page.keyboard.press('Escape');
	});

	test('Get Many Customers as a tool: the e-mail filter is defined by the model ($fromAI), and Simplify is on', async () => {
		await openAssistant();
		await page.locator('[data-test-id="canvas-node"][data-node-name="Get Many Customers"]').dblclick();
		await page.waitForSelector('[data-test-id="node-parameters"]');
		await page.waitForTimeout(800);
		const ndv = page.locator('[data-test-id="ndv"]');
		const text = await ndv.locator('[data-test-id="node-parameters"]').innerText();
		for (const label of ['Tool Description', 'Return All', 'Limit', 'Filters', 'Email', 'Simplify']) expect(text).toContain(label);
		// The editor shows a $fromAI() field as filled by the model, not as an expression to edit.
		expect(text).toMatch(/Defined automatically by the model|\$fromAI\('email'/);
		// Simplify, on: the model gets the few fields it needs.
		expect(await ndv.locator('[data-test-id="parameter-input-simple"] input[type="checkbox"], [data-test-id="parameter-input-simple"] [role="switch"]').first().isChecked()).toBe(true);
		await shoot(ndv, 'get-many-tool', 'ai-tool-fromai');
		await page.keyboard.press('Escape');
	});

	test('Open chat, before publishing: the assistant answers with the new link', async () => {
		await openAssistant();
		await page.locator('[data-test-id="workflow-chat-button"]').click();
		const input = page.locator('textarea:visible').last();
		await input.waitFor();
		await input.fill('ada.lovelace@example.com says her verification link expired, please send a new one');
		await input.press('Enter');
		const answer = page.getByText(/Here is a new verification link: https:\/\/in\.sumsub\.com\//).first();
		await answer.waitFor({ timeout: 60_000 });
		expect(model.errors).toEqual([]);
		expect(emulator.requests.map(({ method, path }) => `${method} ${path}`)).toEqual([
			'GET /v2/customer',
			expect.stringMatching(/^POST \/v2\/customer\/customer_\w+\/kyc-link$/),
		]);
		await shoot(page, 'open-chat', 'ai-agent-chat');
	});
});
