// Run 4 (`--only getmany`): Get Many reading 10,000 customers against the HTTP Request node's
// pagination and raw axios, at SpherePay's read limit.
const http = require('node:http');
const os = require('node:os');

const { spherePayNode } = require('../workflows');
const { API_KEY, LATENCY_MS, LIMIT_PER_SECOND, LIST_PAGE_SIZE, log } = require('./bench');
const { median, seconds, spread, table } = require('./figures');

const LIST_CUSTOMERS = 10_000;

/**
 * The least time `pages` reads can take when page 1 comes first (it tells how many pages
 * there are), then at most `concurrency` are in flight and at most `perSecond` begin in any
 * 1 s window, each taking `latencyMs`: the earliest start for each read, in turn.
 */
function physicalLimitMs(pages, concurrency, perSecond, latencyMs) {
	const starts = [0];
	for (let read = 1; read < pages; read++) {
		const slotFree = read > concurrency ? starts[read - concurrency] + latencyMs : latencyMs;
		const windowFree = read >= perSecond ? starts[read - perSecond] + 1000 : 0;
		starts.push(Math.max(latencyMs, slotFree, windowFree));
	}
	return starts[pages - 1] + latencyMs;
}

/**
 * What serving the list costs the emulator itself, which shares the machine's cores with
 * the client under test: every page read back to back from the bench process, without
 * latency or limit, the bodies discarded unparsed.
 */
async function servingCost(emulator, seed, pages) {
	emulator.reset();
	seed(emulator);
	const headers = { Authorization: `Bearer ${API_KEY}` };
	const get = (page) =>
		new Promise((resolve, reject) =>
			http
				.get(`${emulator.url}/v2/customer?page=${page}&limit=${LIST_PAGE_SIZE}`, { headers }, (response) => {
					response.resume();
					response.on('end', resolve);
				})
				.on('error', reject),
		);
	const cpu = process.cpuUsage();
	const started = performance.now();
	for (let page = 1; page <= pages; page++) await get(page);
	const used = process.cpuUsage(cpu);
	return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

async function getMany(bench) {
	const pages = LIST_CUSTOMERS / LIST_PAGE_SIZE;
	log(`Run 4: Get Many, ${LIST_CUSTOMERS} customers in pages of ${LIST_PAGE_SIZE}, emulator at ${LIMIT_PER_SECOND} reads/s with ${LATENCY_MS} ms latency`);
	const { limited } = bench;
	const seed = (emulator) => {
		for (let i = 0; i < LIST_CUSTOMERS; i++) {
			emulator.seedLinkCustomer({ email: `list.${i}@example.com`, firstName: 'Ada', lastName: `Lovelace ${i}` });
		}
	};
	const getManyNode = (options) =>
		spherePayNode({
			parameters: { resource: 'customer', operation: 'getAll', returnAll: true, options: { requestsPerSecond: LIMIT_PER_SECOND, ...options } },
			credential: { id: 'sp-limited', name: 'sp-limited' },
		});
	// As a user builds it: the page parameter counted up, complete when SpherePay says no next page.
	const httpPaginated = {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.4,
		parameters: {
			method: 'GET',
			url: `${limited.url}/v2/customer`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpBearerAuth',
			sendQuery: true,
			queryParameters: { parameters: [{ name: 'limit', value: String(LIST_PAGE_SIZE) }] },
			options: {
				pagination: {
					pagination: {
						paginationMode: 'updateAParameterInEachRequest',
						parameters: { parameters: [{ type: 'qs', name: 'page', value: '={{ $pageCount + 1 }}' }] },
						paginationCompleteWhen: 'other',
						completeExpression: '={{ !$response.body.pagination.hasNext }}',
					},
				},
			},
		},
		credentials: { httpBearerAuth: { id: 'bearer-limited', name: 'bearer-limited' } },
	};
	const specs = (prefix, target) =>
		Array.from({ length: bench.repeats }, (_, i) => ({ id: `${prefix}${i}`, emulator: limited, rows: [{ run: i }], target, seed }));
	const flows = {
		node: specs('listNode', getManyNode({})),
		node100: specs('listNode100x', getManyNode({ concurrency: 100 })),
		http: specs('listHttp', httpPaginated),
	};
	await bench.importWorkflows(Object.values(flows).flat());

	/** What a run returned, against the emulator's list (newest first). */
	const check = (ms, ids) => {
		const listed = [...limited.customers.keys()].reverse();
		const returned = new Set(ids);
		return {
			ms,
			returned: ids.length,
			duplicates: ids.length - returned.size,
			missing: listed.filter((id) => !returned.has(id)).length,
			inOrder: ids.length === listed.length && ids.every((id, i) => id === listed[i]),
			requests: limited.requests.length,
			rateLimited: limited.stats.rateLimited,
		};
	};
	const inN8n = (flow, idsOf) => async (i) => {
		const run = await bench.runWorkflow(flow[i]);
		if (run.error) throw new Error(`${flow[i].id}: ${run.error}`);
		return check(run.ms, idsOf(run.output));
	};
	const customerIds = (output) => output.map((item) => item.json.id);
	// The HTTP Request node outputs one item per page: the customers are in its body.
	const pageCustomerIds = (output) => output.flatMap((item) => (item.json.customers ?? []).map((customer) => customer.id));
	const cases = [
		['SpherePay Get Many, Return All, default Concurrency 25', 25, inN8n(flows.node, customerIds)],
		['SpherePay Get Many, Return All, Concurrency 100', 100, inN8n(flows.node100, customerIds)],
		['HTTP Request node 4.4, pagination (page + 1 until !hasNext)', 1, inN8n(flows.http, pageCustomerIds)],
		[
			'raw axios, page 1 then all others at once',
			pages - 1,
			async () => {
				const run = await bench.runAxiosList(limited, seed);
				return check(run.ms, run.ids);
			},
		],
	];
	const rows = [];
	const medians = {};
	for (const [label, concurrency, run] of cases) {
		const results = await bench.repeat(label, run);
		const ms = results.map((r) => r.ms);
		const [low, high] = spread(ms);
		const limitMs = physicalLimitMs(pages, concurrency, LIMIT_PER_SECOND, LATENCY_MS);
		medians[label] = { ms: median(ms), limitMs };
		const pick = (key) => median(results.map((r) => r[key]));
		rows.push([
			label,
			`${seconds(median(ms))} s (${seconds(low)}–${seconds(high)})`,
			concurrency,
			`${seconds(limitMs)} s`,
			`${(median(ms) / limitMs).toFixed(2)}×`,
			pick('returned'),
			pick('duplicates'),
			pick('missing'),
			results.every((r) => r.inOrder) ? 'yes' : 'no',
			pick('requests'),
			pick('rateLimited'),
		]);
	}
	const serving = await bench.repeat('emulator alone, serving the pages back to back', () => servingCost(bench.open, seed, pages));
	const [nodeDefault, node100, httpNode, axios] = cases.map(([label]) => medians[label]);
	const ratio = (a, b) => `${(a / b).toFixed(2)}×`;
	const rateLimitMs = (pages / LIMIT_PER_SECOND) * 1000;
	return [
		table(
			['run 4: Get Many', 'wall time (median, min–max)', 'in flight', 'physical limit', '÷ limit', 'customers', 'duplicates', 'missing', 'in API order', 'requests', '429s'],
			rows,
		),
		[
			`physical limit: the least time ${pages} page reads take when page 1 comes first, then at most c are in flight`,
			`(the "in flight" column) and at most ${LIMIT_PER_SECOND} begin in any 1 s window, each taking ${LATENCY_MS} ms. Here all ${pages} reads fit`,
			`in one window, so it is ${LATENCY_MS} ms × (1 + ⌈${pages - 1} / c⌉). Wall time: the node's execution time in n8n's run data; raw axios: its own.`,
			`Not in the limit: the emulator's own work. Serving the ${pages} pages back to back, without latency, takes it ${seconds(median(serving.map((r) => r.ms)))} s`,
			`(${seconds(median(serving.map((r) => r.cpuMs)))} s of CPU, one thread) on the same ${os.cpus().length} cores as the client; load average at the end: ${os.loadavg()[0].toFixed(2)}.`,
			`HTTP Request ÷ Get Many (default): ${ratio(httpNode.ms, nodeDefault.ms)} (goal ≥ 3×); HTTP Request ÷ Get Many (Concurrency 100): ${ratio(httpNode.ms, node100.ms)}`,
			`Get Many ÷ physical limit: ${ratio(nodeDefault.ms, nodeDefault.limitMs)} at default Concurrency 25, ${ratio(node100.ms, node100.limitMs)} at Concurrency 100`,
			`Read-rate limit: ${pages} page reads at ${LIMIT_PER_SECOND} reads per second, spread evenly, take ${seconds(rateLimitMs)} s. Get Many ÷ read-rate limit: ${ratio(nodeDefault.ms, rateLimitMs)} at default Concurrency 25, ${ratio(node100.ms, rateLimitMs)} at Concurrency 100 (goal ≤ 1.2×); HTTP Request: ${ratio(httpNode.ms, rateLimitMs)}`,
			`Get Many ÷ raw axios: ${ratio(nodeDefault.ms, axios.ms)} at default Concurrency 25, ${ratio(node100.ms, axios.ms)} at Concurrency 100`,
		].join('\n'),
	].join('\n\n');
}

module.exports = { name: 'getmany', run: getMany };
