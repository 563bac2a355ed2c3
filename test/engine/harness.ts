/**
 * Runs the built package inside n8n's own engine (n8n-core), with no database:
 * PackageDirectoryLoader loads dist/ through package.json's "n8n" section, exactly as
 * n8n loads an installed community package, and WorkflowExecute runs a workflow.
 * HTTP is real: the node's requests go to the local SpherePay emulator.
 */
import path from 'node:path';
import { inspect } from 'node:util';

import { ExecutionLifecycleHooks, LoadOptionsContext, PackageDirectoryLoader, SupplyDataContext, WorkflowExecute } from 'n8n-core';
import {
	createDeferredPromise,
	createRunExecutionData,
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeListSearchResult,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

export const PACKAGE_DIR = path.resolve(__dirname, '..', '..');
export const NODE_TYPE = 'n8n-nodes-spherepay.spherePay';
export const CREDENTIAL_TYPE = 'spherePayApi';

let loaderPromise: Promise<PackageDirectoryLoader> | undefined;

/** Loads dist/ once per test file, as n8n loads an installed package. */
export async function loadPackage(): Promise<PackageDirectoryLoader> {
	loaderPromise ??= (async () => {
		const loader = new PackageDirectoryLoader(PACKAGE_DIR);
		await loader.loadAll();
		return loader;
	})();
	return await loaderPromise;
}

export class PackageNodeTypes implements INodeTypes {
	constructor(
		private readonly loader: PackageDirectoryLoader,
		private readonly extra: Record<string, INodeType> = {},
	) {}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		if (this.extra[nodeType]) return this.extra[nodeType];
		const [packageName, name] = nodeType.split('.');
		if (packageName !== this.loader.packageName) throw new Error(`Unknown node type ${nodeType}`);
		return this.loader.getNode(name).type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return this.loader.known.nodes as unknown as IDataObject;
	}
}

/**
 * Stands in for the n8n server's CredentialsHelper: returns the stored credential
 * (with the type's defaults filled in, as n8n does) and applies the credential type's
 * declarative `authenticate` by resolving its expressions with n8n's expression engine.
 */
class PackageCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly types: Record<string, ICredentialType>,
		private readonly stored: Record<string, ICredentialDataDecryptedObject>,
	) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.types[typeName];
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate?.type !== 'generic') return requestOptions;
		const resolve = (value: string) =>
			value.charAt(0) === '='
				? (workflow.expression.getSimpleParameterValue(
						node,
						value,
						'internal',
						{ $credentials: credentials },
						undefined,
						'',
					) as string)
				: value;
		const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
		for (const [outerKey, entries] of Object.entries(authenticate.properties)) {
			for (const [key, value] of Object.entries(entries as Record<string, string>)) {
				target[outerKey] ??= {};
				target[outerKey][resolve(key)] = resolve(value);
			}
		}
		return requestOptions;
	}

	async preAuthentication() {
		return undefined;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: unknown,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.stored[type];
		if (!data) throw new Error(`No test credential of type ${type}`);
		const withDefaults = NodeHelpers.getNodeParameters(
			this.types[type].properties,
			data as INodeParameters,
			true,
			false,
			null,
			null,
		);
		return { ...data, ...withDefaults } as ICredentialDataDecryptedObject;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used by these tests');
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties(type: string) {
		return this.types[type].properties;
	}
}

export interface RunOptions {
	/** The SpherePay node's parameters. */
	parameters: INodeParameters;
	/** Input items; their JSON is what `{{ $json.… }}` sees. */
	items?: IDataObject[];
	/** The stored spherePayApi credential. */
	credential: ICredentialDataDecryptedObject;
	continueOnFail?: boolean;
	mode?: WorkflowExecuteMode;
	/** The node's version (default 1, what workflows saved before version 2 hold). */
	typeVersion?: number;
	/**
	 * Runs the node as the AI Agent runs its tool: marked `rewireOutputLogTo: ai_tool`, its
	 * output read from the ai_tool connection as the agent reads it.
	 */
	asTool?: boolean;
	/** The node's On Error setting. */
	onError?: INode['onError'];
}

export interface RunResult {
	run: IRun;
	/** The node's output items (main output), or [] when the node failed. */
	output: INodeExecutionData[];
	/** The error the node stopped with, if it did. */
	error?: IRun['data']['resultData']['error'];
}

/** A workflow node of `type` using the stored SpherePay credential. */
function workflowNode(name: string, type: string, parameters: INodeParameters = {}, typeVersion = 1): INode {
	return {
		id: `node-${name}`,
		name,
		type,
		typeVersion,
		position: [0, 0],
		parameters,
		credentials: { [CREDENTIAL_TYPE]: { id: '1', name: 'SpherePay account' } },
	};
}

/** Runs a one-node workflow (the SpherePay node fed with `items`) through WorkflowExecute. */
export async function runNode(options: RunOptions): Promise<RunResult> {
	const node: INode = {
		...workflowNode('SpherePay', NODE_TYPE, options.parameters, options.typeVersion),
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		...(options.onError ? { onError: options.onError } : {}),
		...(options.asTool ? { rewireOutputLogTo: 'ai_tool' as const } : {}),
	};
	const result = await runWorkflow(node, options);
	assertSecretAbsent(result, String(options.credential.apiKey ?? ''));
	return result;
}

/**
 * Runs the node as the MCP Server Trigger (and agents before version 3) run a tool: its
 * execute() in n8n-core's sub-node context for the ai_tool connection, with the model's
 * arguments as the one input item. Returns what n8n hands the client: the output items'
 * JSON, as text; a thrown error is rethrown.
 */
export async function runAsSubNodeTool(options: Omit<RunOptions, 'items' | 'asTool'> & { args: IDataObject }): Promise<string> {
	const loader = await loadPackage();
	const node = workflowNode('SpherePay', NODE_TYPE, options.parameters, options.typeVersion);
	const nodeTypes = new PackageNodeTypes(loader);
	const workflow = new Workflow({ id: 'engine-test', nodes: [node], connections: {}, active: false, nodeTypes, settings: {} });
	const items = [{ json: options.args }];
	const context = new SupplyDataContext(
		workflow,
		workflow.getNode(node.name)!,
		await additionalDataFor({ [CREDENTIAL_TYPE]: options.credential }),
		'manual',
		createRunExecutionData(),
		0,
		items,
		{ ai_tool: [items] },
		'ai_tool',
		{ node, data: { ai_tool: [items] }, source: null },
		[],
	);
	const type = nodeTypes.getByNameAndVersion(NODE_TYPE, options.typeVersion) as INodeType;
	const result = (await type.execute!.call(context as never)) as INodeExecutionData[][];
	const answer = JSON.stringify(result[0].map((item) => item.json));
	const apiKey = String(options.credential.apiKey ?? '');
	if (apiKey.length >= 8 && answer.includes(apiKey)) throw new Error('The API key appears in the tool’s answer');
	return answer;
}

/**
 * Runs the credential's connection test as n8n's CredentialsTester does: a temporary
 * declarative node whose one property routes `test.request`, executed by n8n-core's
 * RoutingNode with the credential applied. Returns what the tester would inspect.
 */
export async function runCredentialTest(credential: ICredentialDataDecryptedObject): Promise<RunResult> {
	const loader = await loadPackage();
	const credentialType = loader.credentialTypes[CREDENTIAL_TYPE].type;
	const testNodeType: INodeType = {
		description: {
			displayName: 'Credential test',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: CREDENTIAL_TYPE, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: credentialType.test!.request },
					default: '',
				},
			],
		},
	};
	const node = workflowNode('Temp-Node', 'credentialTest');
	const result = await runWorkflow(node, { parameters: {}, credential }, { credentialTest: testNodeType });
	assertSecretAbsent(result, String(credential.apiKey ?? ''));
	return result;
}

export interface CredentialTestVerdict {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * What n8n's CredentialsTester (n8n 2.8.4, services/credentials-tester.service.js)
 * reports for that run: on a thrown error, `responseCode` rules only when the error
 * still carries `cause.response`, else the cause's code or the error message; on
 * success, the first `responseSuccessBody` rule whose key has its value, else OK.
 */
export async function testCredential(credential: ICredentialDataDecryptedObject): Promise<CredentialTestVerdict> {
	const loader = await loadPackage();
	const { rules = [] } = loader.credentialTypes[CREDENTIAL_TYPE].type.test!;
	const { output, error } = await runCredentialTest(credential);
	if (error) {
		const cause = (error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }).cause;
		if (cause?.response) {
			for (const rule of rules) {
				if (rule.type === 'responseCode' && rule.properties.value === cause.response.status) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			return { status: 'Error', message: cause.response.statusText || `Received HTTP status code: ${cause.response.status}` };
		}
		if (cause?.code) return { status: 'Error', message: cause.code };
		return { status: 'Error', message: String(error.message) };
	}
	const body = output[0]?.json as Record<string, unknown> | string;
	for (const rule of rules) {
		if (rule.type !== 'responseSuccessBody') continue;
		const value = rule.properties.key
			.split('.')
			.reduce<unknown>((current, key) => (current as Record<string, unknown> | undefined)?.[key], body);
		if (value === rule.properties.value) return { status: 'Error', message: rule.properties.message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/** Resolves an expression of the credential (e.g. its test request's baseURL) with n8n's expression engine. */
export async function resolveCredentialExpression(
	expression: string,
	credential: ICredentialDataDecryptedObject,
): Promise<unknown> {
	const loader = await loadPackage();
	const node = workflowNode('SpherePay', NODE_TYPE);
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: new PackageNodeTypes(loader),
	});
	return workflow.expression.getSimpleParameterValue(node, expression, 'internal', { $credentials: credential });
}

/**
 * Runs a listSearch method of the node (a picker's search) as the editor's
 * /rest/dynamic-node-parameters call does: through n8n-core's LoadOptionsContext, with the
 * stored credential.
 */
export async function runListSearch(
	method: string,
	credential: ICredentialDataDecryptedObject,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const loader = await loadPackage();
	const node = workflowNode('SpherePay', NODE_TYPE, { resource: 'customer', operation: 'regenerateKycLink' }, 2);
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: new PackageNodeTypes(loader) });
	const context = new LoadOptionsContext(workflow, node, await additionalDataFor({ [CREDENTIAL_TYPE]: credential }), 'parameters.customerId');
	const type = loader.getNode('spherePay').type as INodeType;
	const search = type.methods?.listSearch?.[method];
	if (!search) throw new Error(`No listSearch method ${method}`);
	const result = await search.call(context, filter, paginationToken);
	const apiKey = String(credential.apiKey ?? '');
	if (apiKey.length >= 8 && JSON.stringify(result).includes(apiKey)) throw new Error('The API key appears in the search results');
	return result;
}

/** What n8n's server hands the engine: the credentials helper with the stored credentials (by type), URLs, hooks. */
export async function additionalDataFor(
	credentials: Record<string, ICredentialDataDecryptedObject>,
	hooks?: ExecutionLifecycleHooks,
): Promise<IWorkflowExecuteAdditionalData> {
	const loader = await loadPackage();
	const credentialTypes = Object.fromEntries(
		Object.entries(loader.credentialTypes).map(([name, { type }]) => [name, type]),
	);
	return {
		hooks,
		credentialsHelper: new PackageCredentialsHelper(credentialTypes, credentials),
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		executeWorkflow: async () => {
			throw new Error('not used by these tests');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => undefined,
		startRunnerTask: async () => {
			throw new Error('not used by these tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

async function runWorkflow(
	node: INode,
	options: RunOptions,
	extraNodeTypes: Record<string, INodeType> = {},
): Promise<RunResult> {
	const loader = await loadPackage();
	const nodeTypes = new PackageNodeTypes(loader, extraNodeTypes);

	const workflow = new Workflow({
		id: 'engine-test',
		name: 'engine test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		settings: {},
	});

	const hooks = new ExecutionLifecycleHooks(options.mode ?? 'manual', 'engine-test-execution', {
		id: 'engine-test',
		name: 'engine test',
		nodes: [node],
		connections: {},
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	const finished = createDeferredPromise<IRun>();
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => finished.resolve(fullRunData));

	const additionalData = await additionalDataFor({ [CREDENTIAL_TYPE]: options.credential }, hooks);

	const items = (options.items ?? [{}]).map((json) => ({ json }));
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node, data: { main: [items] }, source: null }] },
	});

	const execution = new WorkflowExecute(additionalData, options.mode ?? 'manual', runExecutionData);
	await execution.processRunExecutionData(workflow);
	const run = await finished.promise;

	const task = run.data.resultData.runData[node.name]?.[0];
	return {
		run,
		output: (node.rewireOutputLogTo ? task?.data?.[node.rewireOutputLogTo]?.[0] : task?.data?.main?.[0]) ?? [],
		error: run.data.resultData.error ?? task?.error,
	};
}

/**
 * Every run is checked: the API key must appear nowhere in what n8n keeps or shows,
 * i.e. the run data (outputs, errors as saved) and the error with its cause chain.
 */
function assertSecretAbsent(result: RunResult, apiKey: string) {
	if (apiKey.length < 8) return;
	const places = {
		'run data': JSON.stringify(result.run),
		error: inspect(result.error, { depth: 12, showHidden: true }),
		'error description': String(result.error?.description ?? ''),
	};
	for (const [place, text] of Object.entries(places)) {
		if (text.includes(apiKey)) throw new Error(`The API key appears in the ${place}`);
	}
}
