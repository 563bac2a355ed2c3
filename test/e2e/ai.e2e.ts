/**
 * The SpherePay node as an AI agent's tools and as an MCP server, in a real n8n (2.x): the
 * examples "KYC assistant" (Chat Trigger → AI Agent, its OpenAI Chat Model pointed at the
 * scripted model) and "SpherePay MCP server" (MCP Server Trigger), published, against the
 * emulator.
 */
import { randomBytes, randomUUID } from 'node:crypto';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { IDataObject, INodeTypeDescription } from 'n8n-workflow';

import { simplifyCustomer } from '../../nodes/shared/helpers/customer';
import { startEmulator } from '../emulator';
import { N8nInstance, versionsUnderTest } from './n8n';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const host = require('../tooling/n8n-host');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { KYC_ASSISTANT, MCP_SERVER, OWNER, localCredentials, readExamples } = require('../tooling/examples');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CUSTOMER_ID, kycAssistantScript, startModelServer } = require('../tooling/model-server');

const API_KEY = `sk_test_${randomBytes(16).toString('hex')}`;
const ASSISTANT: string = KYC_ASSISTANT.id;
const MCP: string = MCP_SERVER.id;
/** The KYC assistant with "Use Responses API" off: the model is asked through Chat Completions. */
const ASSISTANT_CHAT_COMPLETIONS = 'spherePayKycAsstCC';

/** The tools both examples offer, by the operation each runs. */
const TOOLS = {
	get: 'Get_Customer',
	getAll: 'Get_Many_Customers',
	createViaLink: 'Create_Customer_via_Link',
	regenerateKycLink: 'Regenerate_KYC_Link',
};
/** The $fromAI() keys each tool's parameters are filled from. */
const PARAMETERS: Record<string, string[]> = {
	get: ['customerId'],
	getAll: ['email'],
	createViaLink: ['addressLine1', 'addressLine2', 'city', 'country', 'customerType', 'email', 'phone', 'postalCode', 'state'],
	regenerateKycLink: ['customerId'],
};

/** A customer as SpherePay's API shows it now, read without going through n8n. */
async function customerFromApi(emulatorUrl: string, id: string): Promise<IDataObject> {
	const response = await fetch(`${emulatorUrl}/v2/customer/${id}`, { headers: { Authorization: `Bearer ${API_KEY}` } });
	return (await response.json()) as IDataObject;
}

/** The one customer a tool answered with (n8n sends a tool's output items as JSON text). */
function onlyCustomer(text: string): IDataObject {
	const parsed = JSON.parse(text);
	const items = Array.isArray(parsed) ? parsed : [parsed];
	expect(items).toHaveLength(1);
	return items[0];
}

interface ToolSchema {
	name: string;
	description?: string;
	parameters?: { type: string; properties: Record<string, { type: string; description?: string }>; required?: string[] };
}

/** The description n8n gives each operation's tool when set automatically: its action, "in SpherePay". */
async function expectedDescriptions(): Promise<Record<string, string>> {
	const { SpherePay } = await import('../../nodes/SpherePay/SpherePay.node');
	const description: INodeTypeDescription = new SpherePay().description;
	const operation = description.properties.find((property) => property.name === 'operation')!;
	return Object.fromEntries(
		(operation.options as Array<{ value: string; action: string }>).map((option) => [option.value, `${option.action} in SpherePay`]),
	);
}

/** The examples as shipped, and the assistant again with Chat Completions instead of the Responses API. */
function workflows(): IDataObject[] {
	const examples = readExamples().filter((workflow: IDataObject) => [ASSISTANT, MCP].includes(workflow.id as string));
	const assistant = examples.find((workflow: IDataObject) => workflow.id === ASSISTANT);
	const variant = JSON.parse(JSON.stringify(assistant));
	variant.id = ASSISTANT_CHAT_COMPLETIONS;
	variant.name = `${assistant.name} (Chat Completions)`;
	for (const node of variant.nodes) {
		if (node.webhookId) node.webhookId = `${node.webhookId}-chat-completions`;
		if (node.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi') node.parameters.responsesApiEnabled = false;
	}
	return [...examples, variant];
}

// n8n 2.x only: 2.8.4 and 2.41.1 (Jest refuses an empty table, so none left is a skipped suite).
const versions = versionsUnderTest().filter((version) => version !== host.COMPAT_VERSION);
const eachVersion = versions.length > 0 ? describe.each(versions) : describe.skip.each([host.DEFAULT_VERSION]);

eachVersion('the SpherePay tools in a real n8n %s', (version) => {
	const n8n = new N8nInstance(version);
	let emulator: Awaited<ReturnType<typeof startEmulator>>;
	let model: Awaited<ReturnType<typeof startModelServer>>;
	let url: string;

	/** Sends one chat message to a published assistant; returns n8n's answer. */
	async function chat(workflowId: string, chatInput: string): Promise<{ status: number; body: IDataObject }> {
		const nodes = workflows().find((workflow) => workflow.id === workflowId)!.nodes as IDataObject[];
		const trigger = nodes.find((node) => node.webhookId)!;
		const response = await fetch(`${url}/webhook/${trigger.webhookId}/chat`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ action: 'sendMessage', sessionId: randomUUID(), chatInput }),
		});
		const text = await response.text();
		let body: IDataObject;
		try {
			body = JSON.parse(text);
		} catch {
			body = { text };
		}
		return { status: response.status, body };
	}

	beforeAll(async () => {
		emulator = await startEmulator({ apiKeys: [API_KEY] });
		model = await startModelServer();
		await n8n.install();
		await n8n.importCredentials(localCredentials({ apiKey: API_KEY, baseUrl: emulator.url, smtpPort: 25, modelUrl: model.url }));
		await n8n.importWorkflows(workflows());
		const rest = await n8n.startServer(OWNER);
		url = n8n.rest!.url;
		for (const id of [ASSISTANT, ASSISTANT_CHAT_COMPLETIONS, MCP]) await rest.activate(id);
	}, 30 * 60_000);

	beforeEach(() => {
		emulator.reset();
		model.reset();
	});

	afterEach(() => {
		expect(emulator.contractViolations).toEqual([]);
	});

	afterAll(async () => {
		await n8n.stop();
		await emulator?.close();
		await model?.close();
		n8n.cleanup();
	}, 60_000);

	test('a chat message makes the agent find the customer by e-mail, then regenerate her link; the answer carries the new URL', async () => {
		for (const [firstName, lastName] of [
			['Grace', 'Hopper'],
			['Ada', 'Lovelace'],
			['Alan', 'Turing'],
		]) {
			emulator.seedLinkCustomer({ firstName, lastName, email: `${firstName}.${lastName}@example.com`.toLowerCase() });
		}
		const ada = [...emulator.customers.values()].find((customer) => customer.firstName === 'Ada')!;
		model.setScript(kycAssistantScript());

		const answer = await chat(ASSISTANT, 'Ada Lovelace (ada.lovelace@example.com) says her verification link expired. Please send her a new one.');

		expect(model.errors).toEqual([]);
		expect(emulator.requests.map(({ method, path, query }) => ({ method, path, query }))).toEqual([
			{ method: 'GET', path: '/v2/customer', query: { email: 'ada.lovelace@example.com', limit: '10', page: '1' } },
			{ method: 'POST', path: `/v2/customer/${ada.id}/kyc-link`, query: {} },
		]);
		const newLink = ada.links[ada.links.length - 1].url;
		expect(answer).toEqual({ status: 200, body: { output: `Here is a new verification link: ${newLink}` } });

		// The model saw both tool results: Ada found by e-mail, then her new link.
		expect(model.toolResults.map((result: { tool: string }) => result.tool)).toEqual([TOOLS.getAll, TOOLS.regenerateKycLink]);
		expect(model.toolResults[1].text).toContain(newLink);
		// Simplified (node version 3's default): the few fields an agent needs.
		expect(onlyCustomer(model.toolResults[0].text)).toEqual(simplifyCustomer(await customerFromApi(emulator.url, ada.id)));

		// Each operation is a tool with its description and its typed parameters.
		const descriptions = await expectedDescriptions();
		const tools = (model.tools as ToolSchema[]).map(({ name, description, parameters }) => ({
			name,
			description,
			parameters: Object.entries(parameters?.properties ?? {})
				.map(([key, schema]) => `${key}: ${schema.type}`)
				.sort(),
		}));
		expect(tools.sort((a, b) => a.name.localeCompare(b.name))).toEqual(
			Object.entries(TOOLS)
				.map(([operation, name]) => ({
					name,
					description: descriptions[operation],
					parameters: PARAMETERS[operation].map((key) => `${key}: string`),
				}))
				.sort((a, b) => a.name.localeCompare(b.name)),
		);
		// What the model was asked to fill is described to it.
		const getAll = (model.tools as ToolSchema[]).find((tool) => tool.name === TOOLS.getAll)!;
		expect(getAll.parameters!.properties.email.description).toBe('The exact e-mail address of the customer to find');
		expect(getAll.parameters!.required).toEqual(['email']);

		// The SpherePay API key reaches SpherePay, never the model.
		expect(emulator.requests.every((request) => JSON.stringify(request.headers).includes(API_KEY))).toBe(true);
		expect(JSON.stringify(model.requests)).not.toContain(API_KEY);
	});

	test('Chat Completions: a bad e-mail from the model comes back to the agent as the validation message, and nothing reaches SpherePay', async () => {
		model.setScript([
			{
				tool: /create customer via link/i,
				arguments: {
					customerType: 'individual',
					email: 'ada.lovelace@',
					phone: '+14155550123',
					addressLine1: '12 St James Square',
					addressLine2: '',
					city: 'London',
					state: '',
					postalCode: 'SW1Y 4JH',
					country: 'GB',
				},
			},
			({ results }: { results: Array<{ text: string }> }) => ({ answer: `SpherePay refused: ${results[0].text}` }),
		]);

		const answer = await chat(ASSISTANT_CHAT_COMPLETIONS, 'Onboard Ada Lovelace, ada.lovelace@, +14155550123, 12 St James Square, London SW1Y 4JH, UK.');

		expect(model.errors).toEqual([]);
		expect(model.requests.map((request: { method: string; path: string }) => `${request.method} ${request.path}`)).toEqual([
			'POST /v1/chat/completions',
			'POST /v1/chat/completions',
		]);
		expect(emulator.requests).toEqual([]);
		expect(model.toolResults).toHaveLength(1);
		expect(model.toolResults[0].tool).toBe(TOOLS.createViaLink);
		expect(model.toolResults[0].text).toContain('Email is not a valid email address');
		expect(answer.status).toBe(200);
		expect(String(answer.body.output)).toContain('Email is not a valid email address');
		expect(JSON.stringify(model.requests)).not.toContain(API_KEY);
	});

	test('an MCP client lists the SpherePay tools with their input schemas, and gets and creates customers through them', async () => {
		const hedy = emulator.seedLinkCustomer({ firstName: 'Hedy', lastName: 'Lamarr', email: 'hedy.lamarr@example.com' });
		emulator.setVerification(hedy, 'approved');
		const client = new Client({ name: 'spherepay-e2e', version: '1.0.0' });
		await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp/${MCP_SERVER.path}`)));
		try {
			const { tools } = await client.listTools();
			expect(
				tools
					.map((tool) => ({ name: tool.name, parameters: Object.keys(tool.inputSchema.properties ?? {}).sort() }))
					.sort((a, b) => a.name.localeCompare(b.name)),
			).toEqual(
				Object.entries(TOOLS)
					.map(([operation, name]) => ({ name, parameters: PARAMETERS[operation] }))
					.sort((a, b) => a.name.localeCompare(b.name)),
			);
			const descriptions = await expectedDescriptions();
			for (const [operation, name] of Object.entries(TOOLS)) {
				expect({ name, description: tools.find((tool) => tool.name === name)!.description }).toEqual({ name, description: descriptions[operation] });
			}

			const got = await client.callTool({ name: TOOLS.get, arguments: { customerId: hedy } });
			expect(got.isError).toBeFalsy();
			const gotText = (got.content as Array<{ type: string; text: string }>).map((part) => part.text).join('');

			const created = await client.callTool({
				name: TOOLS.createViaLink,
				arguments: {
					customerType: 'individual',
					email: 'katherine.johnson@example.com',
					phone: '+1 757 555 0100',
					addressLine1: '1 Langley Boulevard',
					addressLine2: '',
					city: 'Hampton',
					state: 'VA',
					postalCode: '23681',
					country: 'us',
				},
			});
			expect(created.isError).toBeFalsy();
			const createdText = (created.content as Array<{ text: string }>).map((part) => part.text).join('');
			const katherine = [...emulator.customers.values()].find((customer) => customer.email === 'katherine.johnson@example.com')!;
			expect(katherine).toMatchObject({ phone: '+17575550100', address: { country: 'USA', state: 'VA', city: 'Hampton' } });
			expect(createdText.match(CUSTOMER_ID)?.[0]).toBe(katherine.id);
			expect(createdText).toContain(katherine.links[0].url);
			expect(emulator.requests.map(({ method, path }) => `${method} ${path}`)).toEqual([
				`GET /v2/customer/${hedy}`,
				'POST /v2/customer/kyc-link',
			]);
			expect(onlyCustomer(gotText)).toEqual(simplifyCustomer(await customerFromApi(emulator.url, hedy)));
			expect(onlyCustomer(gotText)).toMatchObject({ id: hedy, email: 'hedy.lamarr@example.com', verificationStatus: 'approved' });
		} finally {
			await client.close();
		}
	});
});
