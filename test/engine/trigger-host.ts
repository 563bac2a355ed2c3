/**
 * Runs the SpherePay Trigger as n8n's server does, with no database, through n8n-core's own
 * context classes: HookContext for the webhook methods (checkExists, then create when it
 * says false, on activation; delete on deactivation) and WebhookContext for webhook(), which
 * an HTTP server calls for every POST to the node's Production URL,
 * `<base>/webhook/<webhookId>/webhook`.
 *
 * Static data is kept as n8n keeps it: JSON in the "database", read into a new Workflow for
 * every activation, deactivation and delivery, and written back only when n8n would save it
 * (changed, and not in a manual test run).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { HookContext, WebhookContext } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type IWebhookData,
	type IWebhookDescription,
	type IWebhookResponseData,
	type WorkflowActivateMode,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { additionalDataFor, loadPackage, PackageNodeTypes } from './harness';

export const TRIGGER_TYPE = 'n8n-nodes-spherepay.spherePayTrigger';
export const TRIGGER_NAME = 'SpherePay Trigger';

export interface LogEntry {
	level: 'debug' | 'info' | 'warn' | 'error';
	message: string;
}

export interface TriggerHostOptions {
	parameters: INodeParameters;
	/** Stored credentials by type. */
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** The node's webhookId, fixed when the node is added to a workflow. */
	webhookId?: string;
	workflowId?: string;
	workflowName?: string;
}

type WebhookMethod = 'checkExists' | 'create' | 'delete';

/** How n8n calls the webhook methods: activation of a workflow, or listening in the editor. */
interface HookCall {
	mode: WorkflowExecuteMode;
	activation: WorkflowActivateMode;
	isTest: boolean;
}

const ACTIVATE: HookCall = { mode: 'trigger', activation: 'activate', isTest: false };
const DEACTIVATE: HookCall = { mode: 'internal', activation: 'update', isTest: false };
const LISTEN_FOR_TEST: HookCall = { mode: 'manual', activation: 'manual', isTest: true };

let hostsStarted = 0;

export class TriggerHost {
	/** The workflow's static data as the database holds it. */
	savedStaticData = '{}';
	/** What each delivery that started a run gave the workflow (the trigger's workflowData). */
	readonly executions: INodeExecutionData[][][] = [];
	/** What the trigger logged, through n8n's logger. */
	readonly logs: LogEntry[] = [];
	/** Errors webhook() threw (n8n answers 500). */
	readonly failures: unknown[] = [];
	parameters: INodeParameters;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** The node's name; n8n keeps node static data under it. */
	nodeName = TRIGGER_NAME;
	readonly webhookId: string;
	/** Unique per host unless given: the trigger remembers registrations per workflow in the process, as n8n's would across tests. */
	readonly workflowId: string;
	private readonly workflowName: string;
	private server?: http.Server;
	private baseUrl = '';

	private constructor(options: TriggerHostOptions) {
		this.parameters = options.parameters;
		this.credentials = options.credentials;
		this.webhookId = options.webhookId ?? 'a1b2c3d4-0000-4000-8000-000000000001';
		this.workflowId = options.workflowId ?? `wf-trigger-${++hostsStarted}`;
		this.workflowName = options.workflowName ?? 'KYC follow-up';
	}

	static async start(options: TriggerHostOptions): Promise<TriggerHost> {
		const host = new TriggerHost(options);
		host.server = http.createServer((req, res) => void host.handle(req, res));
		await new Promise<void>((resolve) => host.server!.listen(0, '127.0.0.1', resolve));
		host.baseUrl = `http://127.0.0.1:${(host.server.address() as AddressInfo).port}`;
		return host;
	}

	/** `<WEBHOOK_URL>/webhook/<webhookId>/webhook`, what n8n gives the node as its Production URL. */
	get productionUrl(): string {
		return `${this.baseUrl}/webhook/${this.webhookId}/webhook`;
	}

	get testUrl(): string {
		return `${this.baseUrl}/webhook-test/${this.webhookId}/webhook`;
	}

	/** The node's static data as saved (what getWorkflowStaticData('node') reads next time). */
	get nodeStaticData(): IDataObject {
		return (JSON.parse(this.savedStaticData)[`node:${this.nodeName}`] ?? {}) as IDataObject;
	}

	set nodeStaticData(data: IDataObject) {
		this.savedStaticData = JSON.stringify({ ...JSON.parse(this.savedStaticData), [`node:${this.nodeName}`]: data });
	}

	/** The trigger's webhook registrations as saved in the workflow's global static data. */
	get registrations(): IDataObject[] {
		return ((JSON.parse(this.savedStaticData).global ?? {}).spherePayWebhooks ?? []) as IDataObject[];
	}

	/**
	 * Activation, as n8n's WebhookService.createWebhookIfNotExists: checkExists, then create if
	 * it said false. `rolledBack`: another node of the workflow failed to activate, so n8n
	 * saves the static data it reloads from the database instead (what this one changed is lost).
	 */
	async activate({ rolledBack = false } = {}): Promise<{ created: boolean }> {
		const workflow = await this.workflow();
		try {
			const exists = await this.runHook(workflow, 'checkExists', ACTIVATE);
			if (!exists) await this.runHook(workflow, 'create', ACTIVATE);
			return { created: !exists };
		} finally {
			if (!rolledBack) this.save(workflow);
		}
	}

	/** Deactivation: delete, then n8n saves static data. */
	async deactivate(): Promise<boolean | undefined> {
		const workflow = await this.workflow();
		try {
			return await this.runHook(workflow, 'delete', DEACTIVATE);
		} finally {
			this.save(workflow);
		}
	}

	/** "Listen for test event" in the editor: the Test URL, static data not saved. */
	async listenForTest(): Promise<void> {
		const workflow = await this.workflow();
		const exists = await this.runHook(workflow, 'checkExists', LISTEN_FOR_TEST);
		if (!exists) await this.runHook(workflow, 'create', LISTEN_FOR_TEST);
	}

	async close(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
	}

	private node(): INode {
		const credentialIds: Record<string, { id: string; name: string }> = {};
		for (const type of Object.keys(this.credentials)) credentialIds[type] = { id: type, name: `${type} account` };
		return {
			id: 'node-trigger',
			name: this.nodeName,
			type: TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			webhookId: this.webhookId,
			parameters: this.parameters,
			credentials: credentialIds,
		};
	}

	private async workflow(): Promise<Workflow> {
		const loader = await loadPackage();
		return new Workflow({
			id: this.workflowId,
			name: this.workflowName,
			nodes: [this.node()],
			connections: {},
			active: true,
			nodeTypes: new PackageNodeTypes(loader),
			staticData: JSON.parse(this.savedStaticData),
			settings: {},
		});
	}

	/** As n8n's WorkflowStaticDataService.saveStaticData: only when the data says it changed. */
	private save(workflow: Workflow) {
		if (workflow.staticData.__dataChanged === true) {
			this.savedStaticData = JSON.stringify(workflow.staticData);
			workflow.staticData.__dataChanged = false;
		}
	}

	private async nodeType(): Promise<INodeType> {
		const loader = await loadPackage();
		return loader.getNode('spherePayTrigger').type as INodeType;
	}

	private async webhookData(call: { isTest: boolean }): Promise<IWebhookData> {
		const nodeType = await this.nodeType();
		const webhookDescription = nodeType.description.webhooks![0] as IWebhookDescription;
		return {
			httpMethod: 'POST',
			node: this.nodeName,
			path: `${this.webhookId}/webhook`,
			webhookDescription,
			workflowId: this.workflowId,
			workflowExecuteAdditionalData: await additionalDataFor(this.credentials),
			webhookId: this.webhookId,
			isTest: call.isTest,
		};
	}

	private additionalData(base: Awaited<ReturnType<typeof additionalDataFor>>) {
		return {
			...base,
			webhookBaseUrl: `${this.baseUrl}/webhook`,
			webhookTestBaseUrl: `${this.baseUrl}/webhook-test`,
		};
	}

	/** Gives a context the recording logger in place of n8n's. */
	private withLogger<T extends object>(context: T): T {
		const record = (level: LogEntry['level']) => (message: string) => this.logs.push({ level, message });
		const logger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
		Object.defineProperty(context, 'logger', { value: logger });
		return context;
	}

	/** One webhook method through n8n-core's HookContext, as n8n's WebhookService.runWebhookMethod. */
	private async runHook(workflow: Workflow, method: WebhookMethod, call: HookCall): Promise<boolean | undefined> {
		const nodeType = await this.nodeType();
		const fn = nodeType.webhookMethods?.default?.[method];
		if (!fn) throw new Error(`No webhook method ${method}`);
		const webhookData = await this.webhookData(call);
		const additionalData = this.additionalData(webhookData.workflowExecuteAdditionalData);
		webhookData.workflowExecuteAdditionalData = additionalData;
		const node = workflow.getNode(this.nodeName)!;
		const context = this.withLogger(new HookContext(workflow, node, additionalData, call.mode, call.activation, webhookData));
		return await fn.call(context);
	}

	/** n8n's webhook endpoint for the node's Production URL (see n8n's webhook-helpers executeWebhook). */
	private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks);
		const reply = (status: number, body: unknown) => {
			if (res.writableEnded) return;
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(body));
		};
		if (req.method !== 'POST' || req.url !== `/webhook/${this.webhookId}/webhook`) {
			reply(404, { code: 404, message: 'The requested webhook is not registered.' });
			return;
		}
		let body: unknown = {};
		const contentType = String(req.headers['content-type'] ?? '');
		if (contentType.includes('json') && rawBody.length > 0) {
			try {
				body = JSON.parse(rawBody.toString('utf8'));
			} catch {
				reply(400, { message: 'Invalid JSON' });
				return;
			}
		} else if (contentType.startsWith('application/x-www-form-urlencoded')) {
			// As n8n's body parser: a JSON text becomes one field named after it, with an empty value.
			body = Object.fromEntries(new URLSearchParams(rawBody.toString('utf8')));
		}
		const request = Object.assign(req, {
			body,
			rawBody,
			query: {},
			params: {},
			header: (name: string) => req.headers[name.toLowerCase()],
		});
		// The part of express's Response that webhook() uses.
		const response = {
			status(code: number) {
				res.statusCode = code;
				return response;
			},
			send(payload: unknown) {
				if (!res.writableEnded) res.end(typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload));
				return response;
			},
			json(payload: unknown) {
				res.setHeader('content-type', 'application/json');
				return response.send(JSON.stringify(payload));
			},
			end() {
				if (!res.writableEnded) res.end();
				return response;
			},
		};

		const workflow = await this.workflow();
		const node = workflow.getNode(this.nodeName)!;
		const webhookData = await this.webhookData({ isTest: false });
		const additionalData = {
			...this.additionalData(webhookData.workflowExecuteAdditionalData),
			httpRequest: request,
			httpResponse: response,
		} as unknown as typeof webhookData.workflowExecuteAdditionalData;
		const context = this.withLogger(new WebhookContext(workflow, node, additionalData, 'webhook', webhookData, [], null));
		const nodeType = await this.nodeType();
		let result: IWebhookResponseData;
		try {
			result = await nodeType.webhook!.call(context);
		} catch (error) {
			this.failures.push(error);
			reply(500, { message: (error as Error).message });
			return;
		} finally {
			this.save(workflow);
		}
		if (result.noWebhookResponse) {
			if (!res.writableEnded) res.end();
			return;
		}
		if (result.workflowData === undefined) {
			reply(200, result.webhookResponse ?? { message: 'Webhook call received' });
			return;
		}
		this.executions.push(result.workflowData);
		reply(200, { message: 'Workflow was started' });
	}
}
