// n8n in queue mode (CONVENTIONS §6), on loopback: Postgres and Redis, the main process
// (editor, REST, activation), workers that run executions, and webhook processors that
// receive production webhooks. Every process shares one user folder (so this package,
// installed there, is installed for each) and one encryption key, and has its own ports.
const crypto = require('node:crypto');

const host = require('./n8n-host');
const { startQueueServices } = require('./services');

const healthy = async (url) => (await fetch(`${url}/healthz/readiness`)).ok;

/**
 * Postgres, Redis and n8n `version` in queue mode: one main, `workers` workers (each running
 * up to `concurrency` executions) and `webhookProcessors` webhook processors. Production
 * webhooks go to the webhook processors only (N8N_DISABLE_PRODUCTION_MAIN_PROCESS), and
 * WEBHOOK_URL, the address triggers register, is the first one's.
 * The package must already be installed in `userFolder`. `env` applies to every process;
 * `log(line, name)` gets each process's output, `onSpawn(child)` each process as it starts.
 * @param {string} version
 * @param {string} userFolder
 * @param {{ workers?: number, concurrency?: number, webhookProcessors?: number, port?: number, env?: Record<string, string>,
 *           log?: (line: string, name: string) => void, onSpawn?: (child: import('node:child_process').ChildProcess) => void }} [options]
 */
async function startQueueMode(
	version,
	userFolder,
	{ workers = 2, concurrency = 10, webhookProcessors = 1, port, env = {}, log = () => undefined, onSpawn = () => undefined } = {},
) {
	/** What to stop, in order: each group at once (workers and webhook processors, then the main, then Postgres and Redis). */
	const groups = [[], [], []];
	const stop = async () => {
		for (const group of groups) await Promise.all(group.splice(0).map((stopOne) => stopOne().catch(() => undefined)));
	};
	try {
		const services = await startQueueServices({ log: (line) => log(line, 'services') });
		groups[2].push(() => services.stop());
		const webhookPorts = await Promise.all(Array.from({ length: webhookProcessors }, () => host.freePort()));
		const shared = {
			...services.env,
			EXECUTIONS_MODE: 'queue',
			N8N_ENCRYPTION_KEY: crypto.randomBytes(24).toString('base64url'),
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			// n8n's default is 2 connections per process: more for a burst of webhooks.
			DB_POSTGRESDB_POOL_SIZE: '10',
			DB_POSTGRESDB_CONNECTION_TIMEOUT: '60000',
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			...(webhookPorts.length > 0 && { WEBHOOK_URL: `http://127.0.0.1:${webhookPorts[0]}/` }),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			...env,
		};
		/** The CLI (import, export) against the same database. */
		const cli = (args, options = {}) => host.runCli(version, userFolder, args, { ...options, env: { ...shared, ...options.env } });

		// The main process first: it migrates the database the others wait for.
		const mainPort = port ?? (await host.freePort());
		const main = await host.startServer(version, userFolder, {
			port: mainPort,
			env: shared,
			log: (line) => log(line, 'main'),
			onSpawn: (child) => {
				groups[1].push(() => host.stopProcess(child));
				onSpawn(child);
			},
		});
		const started = (child) => {
			groups[0].push(() => host.stopProcess(child));
			onSpawn(child);
		};
		const workerProcesses = Array.from({ length: workers }, async (_, i) => {
			const healthPort = await host.freePort();
			return await host.startN8nProcess(version, userFolder, ['worker', `--concurrency=${concurrency}`], {
				port: healthPort,
				ready: healthy,
				env: { ...shared, QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(healthPort) },
				log: (line) => log(line, `worker ${i + 1}`),
				onSpawn: started,
			});
		});
		const webhookServers = webhookPorts.map((webhookPort, i) =>
			host.startN8nProcess(version, userFolder, ['webhook'], {
				port: webhookPort,
				ready: healthy,
				env: { ...shared, N8N_PORT: String(webhookPort) },
				log: (line) => log(line, `webhook ${i + 1}`),
				onSpawn: started,
			}),
		);
		const [startedWorkers, startedWebhooks] = await Promise.all([Promise.all(workerProcesses), Promise.all(webhookServers)]);
		return {
			services,
			main,
			workers: startedWorkers,
			webhooks: startedWebhooks,
			env: shared,
			cli,
			/** Every process's output, main first. */
			output: () => [main, ...startedWorkers, ...startedWebhooks].map((p) => p.output()).join('\n'),
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

module.exports = { startQueueMode };
