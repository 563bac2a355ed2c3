// Run 1 (`--only rate`): 1,000 creates against an emulator at SpherePay's limit.
const { LATENCY_MS, LIMIT_PER_SECOND, log } = require('./bench');
const { createCustomerNode, customerRows, httpRequestCreateNode } = require('../workflows');
const { mb, median, seconds, spread, table } = require('./figures');

const RATE_ITEMS = 1000;

async function atTheLimit(bench) {
	log(`Run 1: ${RATE_ITEMS} items, emulator at ${LIMIT_PER_SECOND} requests/s with ${LATENCY_MS} ms latency`);
	const physicalMs = (RATE_ITEMS / LIMIT_PER_SECOND) * 1000;
	const { limited } = bench;
	const batching = { batching: { batch: { batchSize: 100, batchInterval: 1000 } } };
	const flows = {
		node: bench.specsOf('rateNode', limited, RATE_ITEMS, createCustomerNode('sp-limited')),
		nodeContinue: bench.specsOf('rateNodeCof', limited, RATE_ITEMS, { ...createCustomerNode('sp-limited'), onError: 'continueRegularOutput' }),
		http: bench.specsOf('rateHttp', limited, RATE_ITEMS, httpRequestCreateNode('bearer-limited', limited.url)),
		batched: bench.specsOf('rateBatch', limited, RATE_ITEMS, httpRequestCreateNode('bearer-limited', limited.url, batching)),
	};
	await bench.importWorkflows(Object.values(flows).flat());
	const floorConcurrency = Math.ceil((LIMIT_PER_SECOND * LATENCY_MS) / 1000);
	const cases = [
		['SpherePay node, default options (checks every item first)', (i) => bench.runWorkflow(flows.node[i])],
		['SpherePay node, Continue On Fail (sends as it reads)', (i) => bench.runWorkflow(flows.nodeContinue[i])],
		['HTTP Request node, default options', (i) => bench.runWorkflow(flows.http[i])],
		['HTTP Request node, batching 100 items / 1000 ms', (i) => bench.runWorkflow(flows.batched[i])],
		[`raw axios, concurrency ${floorConcurrency} (floor)`, (i) => bench.runAxios(limited, customerRows(RATE_ITEMS, `rateAxios${i}`), floorConcurrency)],
	];
	const rows = [];
	for (const [label, run] of cases) {
		const results = await bench.repeat(label, run);
		const ms = results.map((r) => r.ms);
		const pick = (key) => median(results.map((r) => r[key]));
		const [low, high] = spread(ms);
		const errors = [...new Set(results.map((r) => r.error).filter(Boolean))];
		rows.push([
			label,
			`${seconds(median(ms))} s (${seconds(low)}–${seconds(high)})`,
			`${(median(ms) / physicalMs).toFixed(3)}×`,
			pick('succeeded'),
			pick('failed'),
			pick('created'),
			pick('rateLimited'),
			`${mb(pick('peakRssBytes'))} MB`,
			results[0].firstRequestMs === undefined ? '' : `${seconds(median(results.map((r) => r.firstRequestMs)))} s`,
			errors.join('; ').slice(0, 60) || '',
		]);
	}
	return table(['run 1', 'wall time (median, min–max)', 'vs 10 s limit', 'succeeded', 'failed', 'customers created', '429s', 'peak RSS', 'first request after', 'node error'], rows);
}

module.exports = { name: 'rate', run: atTheLimit };
