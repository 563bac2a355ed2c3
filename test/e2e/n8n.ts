/**
 * A real, pinned n8n with this package installed as a community package, its own
 * user folder (SQLite database, logs), and the CLI and REST calls the tests need.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { until } from '../tooling/until';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const host = require('../tooling/n8n-host');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { N8nRest } = require('../tooling/n8n-rest');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const workflows = require('../tooling/workflows');
type N8nRest = InstanceType<typeof N8nRest>;

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/**
 * One execution as n8n gives it: `n8n execute --rawOutput` prints it (success or failure),
 * and the REST API (test/tooling/n8n-rest.js) lists it with its ID and mode.
 */
export interface Execution {
	id?: string;
	status?: string;
	mode?: string;
	data: { resultData: { runData: Record<string, Array<IRunTask>>; error?: IDataObject } };
}

/** What `n8n execute` gave: the CLI's output, and the execution it printed. */
export interface ExecuteResult {
	cli: CliResult;
	run?: Execution;
}

interface IRunTask {
	data?: { main: Array<Array<{ json: IDataObject; pairedItem?: unknown }>> };
	error?: IDataObject;
}

export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: IDataObject;
}

/** Manual Trigger → the items → Split Out → `target` (see test/tooling/workflows.js). */
export const itemsWorkflow: (id: string, items: IDataObject[], target: IDataObject) => IDataObject = workflows.itemsWorkflow;

let tarballPromise: Promise<string> | undefined;
/** Builds and packs the package once per test run. */
export const tarball = () => (tarballPromise ??= host.packPackage());

export class N8nInstance {
	readonly userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'spherepay-e2e-'));

	readonly logFile = path.join(this.userFolder, 'n8n.log');

	/** Every line any n8n process printed, for the secret search. */
	readonly transcript: string[] = [];

	private server?: { url: string; stop(): Promise<void>; output(): string };

	rest?: N8nRest;

	constructor(readonly version: string) {}

	/** Debug logs to the console (the CLI prints its run through the logger) and to a file. */
	private get env() {
		return {
			N8N_LOG_LEVEL: 'debug',
			N8N_LOG_OUTPUT: 'console,file',
			N8N_LOG_FILE_LOCATION: this.logFile,
		};
	}

	async install(): Promise<void> {
		await host.ensureN8n(this.version);
		await host.installPackage(this.userFolder, await tarball());
	}

	async cli(args: string[]): Promise<CliResult> {
		const result: CliResult = await host.runCli(this.version, this.userFolder, args, { env: this.env });
		this.transcript.push(result.stdout, result.stderr);
		return result;
	}

	private writeJson(name: string, value: unknown): string {
		const file = path.join(this.userFolder, name);
		fs.writeFileSync(file, JSON.stringify(value, null, 2));
		return file;
	}

	async importCredentials(credentials: StoredCredential[]): Promise<void> {
		const result = await this.cli(['import:credentials', '--input', this.writeJson('credentials.json', credentials)]);
		if (result.code !== 0) throw new Error(`import:credentials failed:\n${result.stdout}\n${result.stderr}`);
	}

	async importWorkflows(workflows: IDataObject[]): Promise<void> {
		const dir = path.join(this.userFolder, 'workflows');
		fs.mkdirSync(dir, { recursive: true });
		for (const workflow of workflows) {
			fs.writeFileSync(path.join(dir, `${workflow.id}.json`), JSON.stringify(workflow, null, 2));
		}
		const result = await this.cli(['import:workflow', '--separate', '--input', dir]);
		if (result.code !== 0) throw new Error(`import:workflow failed:\n${result.stdout}\n${result.stderr}`);
	}

	/** `n8n execute --id … --rawOutput`; exit code 1 means the workflow failed. */
	async execute(workflowId: string): Promise<ExecuteResult> {
		const cli = await this.cli(['execute', '--id', workflowId, '--rawOutput']);
		const run: Execution | undefined = host.parseRunOutput(cli.stdout);
		return { cli, run };
	}

	/** Starts `n8n start`, creates the owner account and logs in; returns the REST client. */
	async startServer(owner: { email: string; password: string }): Promise<N8nRest> {
		const port = await host.freePort();
		this.server = await host.startServer(this.version, this.userFolder, { port, env: this.env });
		this.rest = new N8nRest(this.server!.url);
		await this.rest.signIn(owner);
		return this.rest;
	}

	/** POST /rest/credentials/test, as the credential dialog's "Retry"/"Test" does. */
	async testCredential(credential: StoredCredential): Promise<{ status: string; message: string }> {
		const result = await this.rest!.call('POST', '/rest/credentials/test', { credentials: credential });
		this.transcript.push(JSON.stringify(result));
		return result;
	}

	async stop(): Promise<void> {
		if (this.server) {
			await this.server.stop();
			this.transcript.push(this.server.output());
		}
	}

	/** Every file n8n keeps: the SQLite database (executions, credentials), its journal and the log file. */
	storedFiles(): string[] {
		const n8nDir = path.join(this.userFolder, '.n8n');
		const files = fs.existsSync(n8nDir) ? fs.readdirSync(n8nDir).map((f) => path.join(n8nDir, f)) : [];
		return [...files.filter((f) => /database\.sqlite/.test(f)), this.logFile].filter((f) => fs.existsSync(f));
	}

	cleanup(): void {
		fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}

/** The output items of `nodeName` in an execution. */
export function outputOf(execution: ExecuteResult, nodeName: string): IDataObject[] {
	const task = execution.run?.data.resultData.runData[nodeName]?.[0];
	return task?.data?.main[0]?.map((item) => item.json) ?? [];
}

/** The workflow's finished executions in n8n, oldest first, once there are `count` of them. */
export async function finishedExecutions(rest: N8nRest, workflowId: string, count: number, timeoutMs?: number): Promise<Execution[]> {
	let found: Execution[] = [];
	await until(
		async () => {
			found = (await rest.executions(workflowId)).filter((e: Execution) => e.status !== 'running' && e.status !== 'new');
			return found.length >= count;
		},
		{ timeoutMs },
	);
	return found.reverse();
}

const listed = (value: string): string[] => value.split(/[\s,]+/).filter(Boolean);

/** Every pinned n8n, unless N8N_E2E_VERSIONS names some. */
export const versionsUnderTest = (): string[] => listed(process.env.N8N_E2E_VERSIONS ?? host.VERSIONS.join(' '));

/** The 2.x editors (pinned and newest), unless N8N_UI_VERSIONS names some. */
export const uiVersionsUnderTest = (): string[] =>
	listed(process.env.N8N_UI_VERSIONS ?? `${host.DEFAULT_VERSION} ${host.LATEST_VERSION}`);
