// Onboarding as it arrives in production: one webhook call per signup, each its own
// execution creating one customer, many at once. Runs in a real n8n in regular mode (one
// process, SQLite) or queue mode (main, workers, webhook processors, Postgres, Redis), for
// the load e2e and `npm run bench`.
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const host = require('./n8n-host');
const { N8nRest } = require('./n8n-rest');
const { OWNER } = require('./examples');
const { startQueueMode } = require('./queue-mode');
const { createCustomerNode, customerRows, httpRequestCreateNode } = require('./workflows');

const MODES = ['regular', 'queue'];

/** Signups as a form or CRM posts them. */
const signups = customerRows;

/** The SpherePay node creating a customer from the webhook's body, with the node's `options`. */
const createFromWebhook = (credentialId, options = {}) => createCustomerNode(credentialId, options, '$json.body');

/** n8n's own cost: the same executions with a node that does nothing. */
const noOp = () => ({ type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} });

/** The same call in the HTTP Request node, with Retry On Fail at the most the panel allows (5 tries, 5 s apart). */
const httpRequestFromWebhook = (credentialId, baseUrl) => ({
	...httpRequestCreateNode(credentialId, baseUrl, {}, '$json.body'),
	retryOnFail: true,
	maxTries: 5,
	waitBetweenTries: 5000,
});

/**
 * Webhook (POST /webhook/<id>) → `target`: one execution per call. `target` is a node without
 * id, name or position. The webhook answers at once, as a form's or CRM's hook expects, and
 * the executions are counted in n8n: in queue mode, n8n 2.8.4's webhook processor leaves some
 * of 1,000 calls waiting for "When Last Node Finishes" unanswered, their executions done.
 */
function webhookWorkflow(id, target) {
	const webhookId = crypto.createHash('sha256').update(id).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*/, '$1-$2-$3-$4-$5');
	return {
		id,
		name: id,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-webhook`,
				name: 'Signup',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId,
				parameters: { httpMethod: 'POST', path: id, responseMode: 'onReceived', options: {} },
			},
			{ ...target, id: `${id}-target`, name: 'Target', position: [200, 0] },
		],
		connections: { Signup: { main: [[{ node: 'Target', type: 'main', index: 0 }]] } },
	};
}

/**
 * Posts every body to `url` at once; resolves with each answer's status and JSON (or text)
 * in order. A call that fails outright reads as status 0.
 */
async function callAll(url, bodies) {
	// Node's http rather than fetch: fetch gives up on an answer after 300 s, and an n8n on a
	// busy machine may take longer to answer the last of 1,000 calls.
	const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
	try {
		return await Promise.all(
			bodies.map(
				(body) =>
					new Promise((resolve) => {
						const request = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (response) => {
							let text = '';
							response.setEncoding('utf8');
							response.on('data', (chunk) => (text += chunk));
							response.on('end', () => {
								let json;
								try {
									json = JSON.parse(text);
								} catch {
									json = text;
								}
								resolve({ status: response.statusCode, body: json });
							});
							response.on('error', (error) => resolve({ status: 0, body: String(error) }));
						});
						request.on('error', (error) => resolve({ status: 0, body: String(error) }));
						request.end(JSON.stringify(body));
					}),
			),
		);
	} finally {
		agent.destroy();
	}
}

/**
 * A running n8n `version` in `mode` with this package installed (from `tarball`), the
 * `credentials` and `workflows` imported and each workflow activated. Production webhooks
 * are at `webhookUrl(path)`: the main process in regular mode, the webhook processor in
 * queue mode (2 workers, `concurrency` executions each).
 */
async function startN8n(mode, { version = host.DEFAULT_VERSION, tarball, credentials, workflows, concurrency = 10, env = {}, log = () => undefined }) {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `spherepay-${mode}-`));
	const quiet = {
		N8N_LOG_LEVEL: 'warn',
		// n8n answers every request 503 ("Database is not ready!") while a `SELECT 1` takes over
		// its 5 s, which a burst of 1,000 executions on a busy machine exceeds: allowed a minute.
		N8N_DB_PING_TIMEOUT: '60000',
		...env,
	};
	const stoppers = [() => fs.rmSync(userFolder, { recursive: true, force: true })];
	const stop = async () => {
		for (const stopOne of stoppers.reverse()) await Promise.resolve().then(stopOne).catch(() => undefined);
		stoppers.length = 0;
	};
	try {
		await host.ensureN8n(version, { log });
		await host.installPackage(userFolder, tarball);
		let cli;
		let main;
		let webhookBase;
		let cluster;
		if (mode === 'queue') {
			cluster = await startQueueMode(version, userFolder, { workers: 2, concurrency, env: quiet, log: (line, name) => log(`[${name}] ${line}`) });
			stoppers.push(() => cluster.stop());
			cli = cluster.cli;
			main = cluster.main;
			webhookBase = cluster.webhooks[0].url;
		} else {
			cli = (args) => host.runCli(version, userFolder, args, { env: quiet });
			main = undefined;
		}
		const write = (name, value) => {
			const file = path.join(userFolder, name);
			fs.writeFileSync(file, JSON.stringify(value));
			return file;
		};
		const must = async (args) => {
			const result = await cli(args);
			if (result.code !== 0) throw new Error(`n8n ${args[0]} failed:\n${result.stdout}\n${result.stderr}`);
		};
		await must(['import:credentials', '--input', write('credentials.json', credentials)]);
		const dir = path.join(userFolder, 'workflows');
		fs.mkdirSync(dir);
		for (const workflow of workflows) fs.writeFileSync(path.join(dir, `${workflow.id}.json`), JSON.stringify(workflow));
		await must(['import:workflow', '--separate', '--input', dir]);
		if (!main) {
			main = await host.startServer(version, userFolder, { port: await host.freePort(), env: quiet, log: (line) => log(`[main] ${line}`) });
			stoppers.push(() => main.stop());
			webhookBase = main.url;
		}
		const rest = new N8nRest(main.url);
		await rest.signIn(OWNER);
		for (const workflow of workflows) await rest.activate(workflow.id);
		return {
			mode,
			rest,
			cluster,
			webhookUrl: (workflowPath) => `${webhookBase}/webhook/${workflowPath}`,
			/** How many of the workflow's executions n8n saved with each status. */
			async statuses(workflowId) {
				const counts = {};
				for (const status of ['success', 'error', 'crashed', 'canceled', 'running', 'new', 'waiting']) {
					const filter = encodeURIComponent(JSON.stringify({ workflowId, status: [status] }));
					const { count } = await rest.call('GET', `/rest/executions?filter=${filter}&limit=1`);
					if (count > 0) counts[status] = count;
				}
				return counts;
			},
			/** Resolves with the statuses once `count` executions of the workflow have finished. */
			async finished(workflowId, count, { timeoutMs = 20 * 60_000 } = {}) {
				const deadline = Date.now() + timeoutMs;
				for (;;) {
					const counts = await this.statuses(workflowId);
					const done = (counts.success ?? 0) + (counts.error ?? 0) + (counts.crashed ?? 0) + (counts.canceled ?? 0);
					if (done >= count) return counts;
					if (Date.now() > deadline) throw new Error(`${done} of ${count} executions of ${workflowId} finished within ${timeoutMs / 1000} s`);
					await new Promise((resolve) => setTimeout(resolve, 250));
				}
			},
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

/**
 * `count` signups posted at once to the workflow's webhook, the emulator reset first, until
 * n8n has finished every execution they started (counted in n8n, not by their answers).
 * Returns the figures the e2e checks and the bench prints; `wallMs` runs from the first call
 * to the moment the last execution was seen finished (within a quarter of a second).
 */
async function runLoad(n8n, workflowId, emulator, count, tag = `${workflowId}-${crypto.randomBytes(3).toString('hex')}`) {
	emulator.reset();
	const before = await n8n.statuses(workflowId);
	const finishedBefore = Object.values(before).reduce((sum, n) => sum + n, 0);
	const bodies = signups(count, tag);
	const started = performance.now();
	const answers = await callAll(n8n.webhookUrl(workflowId), bodies);
	const after = await n8n.finished(workflowId, finishedBefore + count);
	const wallMs = performance.now() - started;
	const emails = [...emulator.customers.values()].map((c) => c.email);
	const creates = emulator.requests.filter((r) => r.method === 'POST' && r.path === '/v2/customer/kyc-link');
	const statuses = Object.fromEntries(Object.entries(after).map(([status, n]) => [status, n - (before[status] ?? 0)]).filter(([, n]) => n > 0));
	return {
		wallMs,
		statuses,
		refusedCalls: answers.filter((a) => a.status !== 200),
		customers: emulator.customers.size,
		distinctEmails: new Set(emails).size,
		requestedEmails: bodies.map((b) => b.email),
		createdEmails: emails,
		requests: creates.length,
		rateLimited: emulator.stats.rateLimited,
		busiestSecond: emulator.stats.busiestSecond,
	};
}

module.exports = { MODES, callAll, createFromWebhook, httpRequestFromWebhook, noOp, runLoad, signups, startN8n, webhookWorkflow };
