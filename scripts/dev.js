#!/usr/bin/env node
// `npm run dev`: a pinned local n8n with this node installed as a community package, the
// local SpherePay emulator as its target, a ready credential and the example workflows.
//
//   npm run dev                       n8n 2.8.4 on http://127.0.0.1:5678
//   npm run dev -- --n8n 1.123.81     another pinned version
//   npm run dev -- --port 5679
//   npm run dev -- --user-folder /tmp/n8n-home   n8n's data elsewhere than the cache
//   npm run dev -- --model-port 4011  the scripted model's port (the KYC assistant's OpenAI Chat Model)
//   npm run dev -- --queue            queue mode: Postgres, Redis, the main process, 2 workers
//                                     and a webhook processor (a fresh database every start)
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');

const { startEmulator } = require('../test/emulator');
const { KYC_ASSISTANT, KYC_LINKS_TABLE, MCP_SERVER, OWNER, localCredentials, readExamples } = require('../test/tooling/examples');
const { kycAssistantScript, startModelServer } = require('../test/tooling/model-server');
const host = require('../test/tooling/n8n-host');
const { N8nRest } = require('../test/tooling/n8n-rest');
const { startQueueMode } = require('../test/tooling/queue-mode');
const { startSmtpSink } = require('../test/tooling/smtp-sink');

const { values: args } = parseArgs({
	options: {
		n8n: { type: 'string', default: host.DEFAULT_VERSION },
		port: { type: 'string', default: '5678' },
		'emulator-port': { type: 'string', default: '4010' },
		'smtp-port': { type: 'string', default: '2525' },
		'model-port': { type: 'string', default: '4011' },
		'user-folder': { type: 'string' },
		queue: { type: 'boolean', default: false },
	},
});

const API_KEY = 'sk_test_local_emulator';
/**
 * The emulator's customers at start, in every verification status, and the links the data
 * table remembers for them: "Run now" in the follow-up e-mails Katherine (expired) and
 * Dorothy (expires tomorrow) a new link, and Hedy (verified) the Terms of Service link.
 */
const DEV_CUSTOMERS = [
	{ firstName: 'Hedy', lastName: 'Lamarr', status: 'approved', linkExpiresInDays: -2 },
	{ firstName: 'Grace', lastName: 'Hopper', status: 'pending', linkExpiresInDays: -1 },
	{ firstName: 'Alan', lastName: 'Turing', status: 'rejected', linkExpiresInDays: -4 },
	{ firstName: 'Katherine', lastName: 'Johnson', status: 'incomplete', linkExpiresInDays: -1 },
	{ firstName: 'Dorothy', lastName: 'Vaughan', status: 'incomplete', linkExpiresInDays: 1 },
	{ firstName: 'Mary', lastName: 'Jackson', status: 'incomplete', linkExpiresInDays: 20 },
];

/** Seeds the emulator; returns each customer's row for the data table, and its status. */
function seedCustomers(emulator) {
	return DEV_CUSTOMERS.map(({ firstName, lastName, status, linkExpiresInDays }) => {
		const email = `${firstName}.${lastName}@example.com`.toLowerCase();
		const customerId = emulator.seedLinkCustomer({ firstName, lastName, email });
		if (status !== 'incomplete') emulator.setVerification(customerId, status);
		const expiresAt = new Date(Date.now() + linkExpiresInDays * 24 * 60 * 60 * 1000).toISOString();
		return { status, row: { customerId, email, expiresAt, verificationStatus: 'incomplete' } };
	});
}

const step = (n, text) => console.log(`\n[${n}/6] ${text}`);
const info = (text) => console.log(`      ${text}`);

async function main() {
	const version = args.n8n;
	const userFolder = args['user-folder'] ?? path.join(host.cacheRoot(), `dev-home-${args.queue ? 'queue-' : ''}${version}`);
	const stoppers = [];
	let stopping;
	const stopAll = () =>
		(stopping ??= (async () => {
			for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
		})());
	const shutdown = (code = 0) => {
		if (!stopping) console.log('\nStopping n8n, the emulator, the SMTP sink and the scripted model…');
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

	step(3, 'Local SpherePay emulator, SMTP sink and scripted model');
	const emulator = await startEmulator({ apiKeys: [API_KEY], port: Number(args['emulator-port']) });
	stoppers.push(() => emulator.close());
	const seeded = seedCustomers(emulator);
	const rows = seeded.map(({ row }) => row);
	const expired = seeded.find(({ status, row }) => status === 'incomplete' && row.expiresAt < new Date().toISOString()).row;
	const stillToVerify = seeded.find(({ status, row }) => status === 'incomplete' && row.expiresAt > new Date().toISOString()).row;
	const smtp = await startSmtpSink({
		port: Number(args['smtp-port']),
		onMessage: (m) => console.log(`  ✉  to ${m.to}: ${m.subject}\n     ${m.text.split('\n').filter(Boolean).join('\n     ')}`),
	});
	stoppers.push(() => smtp.close());
	info(`SpherePay emulator: ${emulator.url} (API key ${API_KEY}), ${rows.length} customers:`);
	for (const { status, row } of seeded) info(`  ${row.email.padEnd(30)} ${status.padEnd(10)} link expires ${row.expiresAt.slice(0, 10)}`);
	info(`SMTP sink:          smtp://127.0.0.1:${smtp.port} (e-mails are printed here)`);
	// The KYC assistant's model: it plays "find the customer by e-mail, regenerate the link, answer with it".
	const model = await startModelServer({ script: kycAssistantScript(), port: Number(args['model-port']), log: (line) => info(`  🤖 ${line}`) });
	stoppers.push(() => model.close());
	info(`Scripted model:     ${model.url} (OpenAI-compatible; its calls are printed here)`);

	let cluster;
	if (args.queue) {
		step(4, 'Queue mode: Postgres, Redis, the n8n main process, 2 workers and a webhook processor');
		cluster = await startQueueMode(version, userFolder, {
			port: Number(args.port),
			onSpawn: (child) => stoppers.push(() => host.stopProcess(child)),
		});
		stoppers.push(() => cluster.stop());
		info(`Postgres 127.0.0.1:${cluster.services.postgres.port}, Redis 127.0.0.1:${cluster.services.redis.port}`);
		info(`workers: ${cluster.workers.length}, webhook processor: ${cluster.webhooks[0].url}`);
	}
	const cli = async (cliArgs) => {
		const result = await (cluster ? cluster.cli(cliArgs) : host.runCli(version, userFolder, cliArgs));
		if (result.code !== 0) throw new Error(`n8n ${cliArgs[0]} failed:\n${result.stdout}\n${result.stderr}`);
	};

	step(cluster ? 5 : 4, 'Credentials');
	fs.mkdirSync(userFolder, { recursive: true });
	const credentialsFile = path.join(userFolder, 'dev-credentials.json');
	fs.writeFileSync(credentialsFile, JSON.stringify(localCredentials({ apiKey: API_KEY, baseUrl: emulator.url, smtpPort: smtp.port, modelUrl: model.url })));
	await cli(['import:credentials', '--input', credentialsFile]);
	info('SpherePay (local emulator), Local SMTP sink, Scripted model (local)');

	let server = cluster?.main;
	if (!server) {
		step(5, 'Starting n8n');
		server = await host.startServer(version, userFolder, {
			port: Number(args.port),
			// Stoppable while it starts, not only once it is ready.
			onSpawn: (child) => stoppers.push(() => host.stopProcess(child)),
		});
	}
	for (const child of [server, ...(cluster?.workers ?? []), ...(cluster?.webhooks ?? [])].map((p) => p.process)) {
		child.on('exit', (code) => {
			if (stopping) return;
			console.error(`n8n exited (${code}).`);
			shutdown(code ?? 1);
		});
	}

	step(6, 'Owner account, data table and example workflows');
	const rest = new N8nRest(server.url);
	info(`${(await rest.signIn(OWNER)) === 'created' ? 'created' : 'signed in as'} ${OWNER.email}`);
	// The emulator starts afresh every time: so does the table that remembers its links.
	const tableId = await rest.ensureDataTable(KYC_LINKS_TABLE);
	await rest.clearRows(tableId);
	await rest.insertRows(tableId, rows);
	info(`data table "${KYC_LINKS_TABLE.name}": ${rows.length} rows, one per emulator customer`);
	const examplesFolder = path.join(userFolder, 'dev-examples');
	fs.rmSync(examplesFolder, { recursive: true, force: true });
	fs.mkdirSync(examplesFolder);
	for (const workflow of readExamples(tableId)) {
		fs.writeFileSync(path.join(examplesFolder, `${workflow.id}.json`), JSON.stringify(workflow));
		info(`workflow: ${workflow.name}`);
	}
	await cli(['import:workflow', '--separate', '--input', examplesFolder]);
	// Published, so that the chat and MCP URLs answer.
	for (const { id, name } of [KYC_ASSISTANT, MCP_SERVER]) {
		await rest.activate(id).then(
			() => info(`published: ${name}`),
			(error) => info(`could not publish ${name}: ${error.message}`),
		);
	}

	// In queue mode production webhooks (the chat and MCP URLs among them) go to the webhook processor.
	const webhooks = cluster ? cluster.webhooks[0].url : server.url;
	console.log(`
  n8n ${version} is running with the SpherePay node (${Math.round((Date.now() - started) / 1000)} s)${cluster ? ', in queue mode' : ''}.
${cluster ? `
  Queue:     main ${server.url}, ${cluster.workers.length} workers, production webhooks at ${cluster.webhooks[0].url}
             Postgres 127.0.0.1:${cluster.services.postgres.port} (database n8n, user postgres), Redis 127.0.0.1:${cluster.services.redis.port}
` : ''}
  Editor:    ${server.url}
  Log in:    ${OWNER.email} / ${OWNER.password}
  Examples:  Overview → "SpherePay: onboard customers…" and "SpherePay: e-mail a fresh KYC link…"
             (open one, then "Execute workflow"; the e-mails appear in this terminal;
             Overview → Data tables → "${KYC_LINKS_TABLE.name}" shows what the loop remembers)
  Trigger:   activate "SpherePay: welcome verified customers…", then have SpherePay approve a customer:
             curl -X POST ${emulator.url}/_emulator/customers/${stillToVerify.customerId}/verification -d '{"status":"approved"}'
             (the emulator sends customer.kyc.successful to the trigger; the welcome appears here)
  AI agent:  "SpherePay: KYC assistant…" (Open chat in the editor, or):
             curl ${webhooks}/webhook/${KYC_ASSISTANT.chatWebhookId}/chat -H 'content-type: application/json' \\
               -d '{"action":"sendMessage","sessionId":"dev","chatInput":"${expired.email} says her verification link expired, please send a new one"}'
             (the scripted model finds the customer, regenerates the link and answers with it)
  MCP:       ${webhooks}/mcp/${MCP_SERVER.path} (Streamable HTTP): Get Customer, Get Many, Create Customer via Link,
             Regenerate KYC Link for any MCP client, e.g. npx @modelcontextprotocol/inspector
  Real API:  open Credentials, choose Production or Sandbox and paste your key.

  Ctrl-C stops everything.`);
}

main().catch((error) => {
	console.error(`\n${error.message ?? error}`);
	process.exit(1);
});
