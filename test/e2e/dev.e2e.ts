/**
 * `npm run dev` ends everything it started, whichever process is told to stop: a process
 * manager signals npm, not the script, and npm can die outright.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { until } from '../tooling/until';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const host = require('../tooling/n8n-host');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { N8nRest } = require('../tooling/n8n-rest');

const isListening = (port: number) =>
	new Promise<boolean>((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => (socket.destroy(), resolve(true)));
		socket.once('error', () => resolve(false));
	});

const isAlive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

async function childrenOf(pid: number): Promise<number[]> {
	const { stdout } = await promisify(execFile)('ps', ['-o', 'pid=', '--ppid', String(pid)]).catch(() => ({ stdout: '' }));
	return stdout.split(/\s+/).filter(Boolean).map(Number);
}

/** Whatever a failed test leaves running is killed, so one failure does not block the ports of the next. */
const leftovers: number[] = [];
afterEach(() => {
	for (const pid of leftovers.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
});

/** Starts `npm run dev` on free ports; resolves once it prints that n8n is running. */
async function startDev(userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'spherepay-dev-'))) {
	const ports = { n8n: await host.freePort(), emulator: await host.freePort(), smtp: await host.freePort(), model: await host.freePort() };
	const npm: ChildProcess = spawn(
		'npm',
		['run', 'dev', '--', '--port', String(ports.n8n), '--emulator-port', String(ports.emulator), '--smtp-port', String(ports.smtp), '--model-port', String(ports.model), '--user-folder', userFolder],
		{ cwd: host.ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	let output = '';
	npm.stdout!.on('data', (chunk) => (output += chunk));
	npm.stderr!.on('data', (chunk) => (output += chunk));
	const exited = () => until(() => npm.exitCode !== null || npm.signalCode !== null, { timeoutMs: 45_000, orFalse: true });
	const ready = await until(() => output.includes('is running with the SpherePay node') || npm.exitCode !== null, { timeoutMs: 300_000, orFalse: true });
	if (!ready || npm.exitCode !== null) throw new Error(`npm run dev did not start:\n${output.slice(-3000)}`);
	// npm → the dev script (exec'd by npm's shell) → n8n
	const [dev] = await childrenOf(npm.pid!);
	const [n8n] = await childrenOf(dev);
	leftovers.push(dev, n8n);
	return { npm, exited, ports, dev, n8n, userFolder, output: () => output };
}

/** The editor's REST API of a running `npm run dev`, logged in with the login it printed. */
async function signedIn(started: Awaited<ReturnType<typeof startDev>>) {
	const [, email, password] = started.output().match(/Log in:\s+(\S+) \/ (\S+)/)!;
	const rest = new N8nRest(`http://127.0.0.1:${started.ports.n8n}`);
	await rest.signIn({ email, password });
	return rest;
}

async function expectAllStopped(started: Awaited<ReturnType<typeof startDev>>) {
	expect(await until(() => !isAlive(started.dev) && !isAlive(started.n8n), { timeoutMs: 45_000, orFalse: true })).toBe(true);
	for (const [name, port] of Object.entries(started.ports)) {
		expect({ name, listening: await isListening(port) }).toEqual({ name, listening: false });
	}
	fs.rmSync(started.userFolder, { recursive: true, force: true });
}

describe(`npm run dev (n8n ${host.DEFAULT_VERSION})`, () => {
	beforeAll(async () => await host.ensureN8n(host.DEFAULT_VERSION), 30 * 60_000);

	test('SIGINT to npm stops n8n, the emulator, the SMTP sink and the scripted model, and npm exits', async () => {
		const started = await startDev();
		expect(started.n8n).toBeGreaterThan(0);
		for (const port of Object.values(started.ports)) expect(await isListening(port)).toBe(true);
		started.npm.kill('SIGINT');
		expect(await started.exited()).toBe(true);
		await expectAllStopped(started);
		expect(started.output()).toContain('Stopping n8n, the emulator, the SMTP sink and the scripted model');
	}, 420_000);

	test('npm killed outright: the dev script notices and stops everything', async () => {
		const started = await startDev();
		started.npm.kill('SIGKILL');
		expect(await started.exited()).toBe(true);
		await expectAllStopped(started);
	}, 420_000);

	test('the examples run green as shipped, and again after a restart: the follow-up e-mails only the customers still to verify, and the verified one the Terms of Service link, once', async () => {
		/** Runs both examples as "Execute workflow" does; returns the e-mails dev printed meanwhile. */
		const runExamples = async (started: Awaited<ReturnType<typeof startDev>>) => {
			const rest = await signedIn(started);
			const printedBefore = started.output().length;
			const runs = [];
			for (const [workflow, trigger] of [
				['spherePayFollowUp', 'Run now'],
				['spherePayOnboard', 'Start'],
				['spherePayFollowUp', 'Run now'],
			]) {
				const run = await rest.runManually(workflow, trigger);
				runs.push([workflow, run.status, run.data.resultData.error?.message]);
			}
			expect(runs).toEqual([
				['spherePayFollowUp', 'success', undefined],
				['spherePayOnboard', 'success', undefined],
				['spherePayFollowUp', 'success', undefined],
			]);
			// The SMTP sink prints each message as it arrives.
			await until(() => (started.output().slice(printedBefore).match(/✉ {2}to /g) ?? []).length >= 5, { timeoutMs: 5000, orFalse: true });
			return [...started.output().slice(printedBefore).matchAll(/✉ {2}to (\S+): (.+)/g)].map(([, to, subject]) => `${to}: ${subject}`);
		};
		const expected = [
			'katherine.johnson@example.com: Your new identity verification link',
			'dorothy.vaughan@example.com: Your new identity verification link',
			'hedy.lamarr@example.com: One last step: accept the Terms of Service',
			'ada.lovelace@example.com: Verify your identity to open your account',
			'accounts@acme-logistics.example: Verify your identity to open your account',
		];

		const first = await startDev();
		expect(await runExamples(first)).toEqual(expected);

		// The KYC assistant, published, answers the chat command dev printed with Katherine's new link.
		const [, chatUrl, chatBody] = first.output().match(/curl (\S+\/chat) -H 'content-type: application\/json' \\\s+-d '(.+)'/)!;
		const chat = await fetch(chatUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chatBody });
		expect(chatBody).toContain('katherine.johnson@example.com');
		expect(((await chat.json()) as { output: string }).output).toMatch(/^Here is a new verification link: https:\/\/in\.sumsub\.com\//);

		// "KYC finished", activated, answers the approval the printed command makes.
		const rest = await signedIn(first);
		await rest.activate('spherePayKycDone');
		const [, controlUrl, body] = first.output().match(/curl -X POST (\S+) -d '(.+)'/)!;
		let approval: { deliveries: Array<{ status: number }> } = { deliveries: [] };
		// n8n 2.41 registers a moment after answering: until then the emulator has no webhook.
		await until(async () => {
			approval = (await (await fetch(controlUrl, { method: 'POST', body })).json()) as typeof approval;
			return approval.deliveries.length > 0;
		}, { timeoutMs: 30_000, orFalse: true });
		expect(approval.deliveries.map((d) => d.status)).toEqual([200]);
		expect(await until(() => /✉ {2}to dorothy\.vaughan@example\.com: Welcome: your identity is verified/.test(first.output()), { timeoutMs: 30_000, orFalse: true })).toBe(true);
		first.npm.kill('SIGINT');
		expect(await first.exited()).toBe(true);

		// Same user folder: the owner exists, the emulator and the data table start afresh.
		const second = await startDev(first.userFolder);
		expect(second.output()).toContain('signed in as');
		expect(await runExamples(second)).toEqual(expected);
		second.npm.kill('SIGINT');
		expect(await second.exited()).toBe(true);
		await expectAllStopped(second);
	}, 900_000);
});
