// Run `--only load`: 1,000 signups at once, each its own webhook-started execution creating
// one customer, in regular mode and in queue mode (2 workers, 10 executions each), against an emulator at
// SpherePay's limit (429 with Retry-After beyond). Beside the SpherePay node: the same
// executions with a No-Op (n8n's own cost) and with the HTTP Request node and Retry On Fail.
// One run per case (each is 1,000 executions), after 100 calls to each workflow.
const { startEmulator } = require('../../emulator');
const { localSpherePayCredential } = require('../examples');
const load = require('../load');
const { API_KEY, LATENCY_MS, LIMIT_PER_SECOND, VERSION, log } = require('./bench');
const { seconds, table } = require('./figures');

const SIGNUPS = 1000;
/** Calls to each workflow before measuring, so that no case pays for n8n's first executions. */
const WARM_UP = 100;

async function manyExecutions(bench) {
	const floorMs = (SIGNUPS / LIMIT_PER_SECOND) * 1000;
	const emulator = await startEmulator({ apiKeys: [API_KEY], rateLimit: { perSecond: LIMIT_PER_SECOND, retryAfter: true }, latencyMs: LATENCY_MS });
	const cases = [
		['No-Op (n8n alone)', 'loadNoOp', load.noOp()],
		['SpherePay node', 'loadSpherePay', load.createFromWebhook('spLoad')],
		['HTTP Request, Retry On Fail (5 tries, 5 s apart)', 'loadHttp', load.httpRequestFromWebhook('bearerLoad', emulator.url)],
	];
	const rows = [];
	try {
		for (const mode of load.MODES) {
			log(`Run load: ${SIGNUPS} webhook calls at once, n8n ${VERSION} in ${mode} mode`);
			const n8n = await load.startN8n(mode, {
				version: VERSION,
				tarball: bench.tarball,
				credentials: [
					localSpherePayCredential({ apiKey: API_KEY, baseUrl: emulator.url }, { id: 'spLoad', name: 'spLoad' }),
					{ id: 'bearerLoad', name: 'bearerLoad', type: 'httpBearerAuth', data: { token: API_KEY } },
				],
				workflows: cases.map(([, id, target]) => load.webhookWorkflow(id, target)),
				log,
			});
			try {
				for (const [label, id] of cases) {
					log(`  ${mode}: warming up ${label}`);
					await load.runLoad(n8n, id, emulator, WARM_UP);
				}
				let noOpMs;
				for (const [label, id] of cases) {
					log(`  ${mode}: ${label}`);
					const result = await load.runLoad(n8n, id, emulator, SIGNUPS);
					const { statuses } = result;
					noOpMs ??= result.wallMs;
					const duplicates = result.customers - result.distinctEmails;
					rows.push([
						mode === 'queue' ? 'queue, 2 workers' : mode,
						label,
						`${seconds(result.wallMs)} s`,
						`${(result.wallMs / floorMs).toFixed(2)}×`,
						`${(result.wallMs / Math.max(floorMs, noOpMs)).toFixed(2)}×`,
						statuses.success ?? 0,
						SIGNUPS - (statuses.success ?? 0),
						result.customers,
						duplicates,
						result.requests,
						result.requests ? `${result.rateLimited} (${((100 * result.rateLimited) / result.requests).toFixed(1)}%)` : '0',
						result.busiestSecond,
					]);
				}
			} finally {
				await n8n.stop();
			}
		}
	} finally {
		await emulator.close();
	}
	return table(
		['mode', 'case', 'wall time', 'vs 10 s floor', 'vs max(10 s, No-Op)', 'executions ok', 'failed', 'customers', 'duplicates', 'creates sent', '429s', 'busiest 1 s'],
		rows,
	);
}

module.exports = { name: 'load', run: manyExecutions };
