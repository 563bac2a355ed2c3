#!/usr/bin/env node
// `npm run dev`: a pinned local n8n with this node installed as a community package, the
// local SpherePay emulator as its target, a ready credential and the example workflows.
//
//   npm run dev                       n8n 2.8.4 on http://127.0.0.1:5678
//   npm run dev -- --n8n 1.123.81     another pinned version
//   npm run dev -- --port 5679
//   npm run dev -- --user-folder /tmp/n8n-home   n8n's data elsewhere than the cache
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');

const host = require('./lib/n8n-host');
const { startEmulator } = require('../test/emulator');
const { startSmtpSink } = require('../test/e2e/smtp-sink');

const { values: args } = parseArgs({
	options: {
		n8n: { type: 'string', default: host.DEFAULT_VERSION },
		port: { type: 'string', default: '5678' },
		'emulator-port': { type: 'string', default: '4010' },
		'smtp-port': { type: 'string', default: '2525' },
		'user-folder': { type: 'string' },
	},
});

const OWNER = { email: 'dev@example.com', password: 'SpherePay-dev-1', firstName: 'Dev', lastName: 'User' };
const API_KEY = 'sk_test_local_emulator';
const EXAMPLES = path.join(host.ROOT, 'examples');

const step = (n, text) => console.log(`\n[${n}/6] ${text}`);
const info = (text) => console.log(`      ${text}`);

async function main() {
	const version = args.n8n;
	const userFolder = args['user-folder'] ?? path.join(host.cacheRoot(), `dev-home-${version}`);
	const stoppers = [];
	let stopping;
	const stopAll = () =>
		(stopping ??= (async () => {
			for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
		})());
	const shutdown = (code = 0) => {
		if (!stopping) console.log('\nStopping n8n, the emulator and the SMTP sink…');
		stopAll().then(() => process.exit(code));
	};
	// Ctrl-C reaches every process; a process manager signals npm, which passes the signal
	// on to this script ("exec" in package.json keeps a shell from swallowing it).
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => shutdown());
	// npm killed outright passes nothing on: this script is then adopted by another parent.
	const parent = process.ppid;
	setInterval(() => process.ppid !== parent && shutdown(), 500).unref();

	step(1, `n8n ${version}`);
	const started = Date.now();
	await host.ensureN8n(version, { log: info });
	info(`ready (${host.n8nBin(version)})`);

	step(2, 'Building and installing n8n-nodes-spherepay as a community package');
	const tarball = await host.packPackage();
	const installed = await host.installPackage(userFolder, tarball);
	info(`${path.basename(tarball)} → ${installed}`);

	step(3, 'Local SpherePay emulator and SMTP sink');
	const emulator = await startEmulator({ apiKeys: [API_KEY], port: Number(args['emulator-port']) });
	stoppers.push(() => emulator.close());
	const smtp = await startSmtpSink({
		port: Number(args['smtp-port']),
		onMessage: (m) => console.log(`  ✉  to ${m.to}: ${m.subject}\n     ${m.text.split('\n').filter(Boolean).join('\n     ')}`),
	});
	stoppers.push(() => smtp.close());
	info(`SpherePay emulator: ${emulator.url} (API key ${API_KEY})`);
	info(`SMTP sink:          smtp://127.0.0.1:${smtp.port} (e-mails are printed here)`);

	step(4, 'Credentials and example workflows');
	fs.mkdirSync(userFolder, { recursive: true });
	const credentialsFile = path.join(userFolder, 'dev-credentials.json');
	fs.writeFileSync(
		credentialsFile,
		JSON.stringify([
			{
				id: 'spherePayLocal01',
				name: 'SpherePay (local emulator)',
				type: 'spherePayApi',
				data: { apiKey: API_KEY, environment: 'custom', baseUrl: emulator.url },
			},
			{
				id: 'smtpLocalSink001',
				name: 'Local SMTP sink',
				type: 'smtp',
				data: { user: '', password: '', host: '127.0.0.1', port: smtp.port, secure: false, disableStartTls: true },
			},
		]),
	);
	for (const args of [
		['import:credentials', '--input', credentialsFile],
		['import:workflow', '--separate', '--input', EXAMPLES],
	]) {
		const result = await host.runCli(version, userFolder, args);
		if (result.code !== 0) throw new Error(`n8n ${args[0]} failed:\n${result.stdout}\n${result.stderr}`);
	}
	info('SpherePay (local emulator), Local SMTP sink');
	for (const file of fs.readdirSync(EXAMPLES)) info(`workflow: ${JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')).name}`);

	step(5, 'Starting n8n');
	const server = await host.startServer(version, userFolder, {
		port: Number(args.port),
		// Stoppable while it starts, not only once it is ready.
		onSpawn: (child) => stoppers.push(() => host.stopProcess(child)),
	});
	server.process.on('exit', (code) => {
		if (stopping) return;
		console.error(`n8n exited (${code}).`);
		shutdown(code ?? 1);
	});

	step(6, 'Owner account');
	const setup = await fetch(`${server.url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(OWNER),
	});
	info(setup.ok ? `created ${OWNER.email}` : `already set up (${OWNER.email})`);

	console.log(`
  n8n ${version} is running with the SpherePay node (${Math.round((Date.now() - started) / 1000)} s).

  Editor:    ${server.url}
  Log in:    ${OWNER.email} / ${OWNER.password}
  Examples:  Overview → "SpherePay: onboard customers…" and "SpherePay: e-mail a fresh KYC link…"
             (open one, then "Execute workflow"; the e-mails appear in this terminal)
  Real API:  open Credentials, choose Production or Sandbox and paste your key.

  Ctrl-C stops everything.`);
}

main().catch((error) => {
	console.error(`\n${error.message ?? error}`);
	process.exit(1);
});
