#!/usr/bin/env node
// npm run bench: the SpherePay node side by side with n8n's HTTP Request node and raw
// axios, on the local emulator, in the pinned real n8n (`n8n execute`). Prints figures;
// asserts nothing. Options: --repeats N (default 3), --only rate|overhead|footprint|getmany.
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const host = require('./lib/n8n-host');
const { startEmulator } = require('../test/emulator');

const VERSION = host.DEFAULT_VERSION;
const API_KEY = `sk_bench_${require('node:crypto').randomBytes(8).toString('hex')}`;
const LIMIT_PER_SECOND = 100;
const LATENCY_MS = 50;
const RATE_ITEMS = 1000;
const OVERHEAD_ITEMS = 2000;
const LIST_CUSTOMERS = 10_000;
const LIST_PAGE_SIZE = 100;

const args = process.argv.slice(2);
const flag = (name, fallback) => {
	const index = args.indexOf(`--${name}`);
	return index === -1 ? fallback : args[index + 1];
};
const REPEATS = Number(flag('repeats', 3));
const ONLY = flag('only', undefined);
const log = (line) => process.stderr.write(`${line}\n`);

// ---------------------------------------------------------------- inputs

/** Distinct, valid customers: a spreadsheet's rows. */
const rowsOf = (count, tag) =>
	Array.from({ length: count }, (_, i) => ({
		email: `${tag}.${i}@example.com`,
		phone: `+1415${String(5_000_000 + i).padStart(7, '0')}`,
		line1: `${100 + (i % 900)} South Wacker Drive`,
		city: 'Chicago',
		state: 'IL',
		postalCode: '60606',
	}));

const spherePayNode = (credentialId, options = {}) => ({
	type: 'n8n-nodes-spherepay.spherePay',
	typeVersion: 1,
	parameters: {
		resource: 'customer',
		operation: 'createViaLink',
		customerType: 'individual',
		email: '={{ $json.email }}',
		phone: '={{ $json.phone }}',
		addressLine1: '={{ $json.line1 }}',
		city: '={{ $json.city }}',
		state: '={{ $json.state }}',
		postalCode: '={{ $json.postalCode }}',
		country: 'USA',
		options,
	},
	credentials: { spherePayApi: { id: credentialId, name: credentialId } },
});

/** The same call as a user would build it in the HTTP Request node (v4.4, Bearer credential). */
const httpRequestNode = (credentialId, baseUrl, options = {}) => ({
	type: 'n8n-nodes-base.httpRequest',
	typeVersion: 4.4,
	parameters: {
		method: 'POST',
		url: `${baseUrl}/v2/customer/kyc-link`,
		authentication: 'genericCredentialType',
		genericAuthType: 'httpBearerAuth',
		sendBody: true,
		specifyBody: 'json',
		jsonBody:
			'={{ JSON.stringify({ type: "individual", email: $json.email, phone: $json.phone, address: { line1: $json.line1, city: $json.city, state: $json.state, postalCode: $json.postalCode, country: "USA" } }) }}',
		options,
	},
	credentials: { httpBearerAuth: { id: credentialId, name: credentialId } },
});

// ---------------------------------------------------------------- measuring

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const spread = (values) => [Math.min(...values), Math.max(...values)];

/** Peak resident memory of a running process (VmHWM), polled until it exits. */
function watchPeakRss(child) {
	const watch = { bytes: 0 };
	const read = () => {
		try {
			const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
			if (match) watch.bytes = Math.max(watch.bytes, Number(match[1]) * 1024);
		} catch {
			// gone
		}
	};
	const timer = setInterval(read, 100);
	child.on('exit', () => clearInterval(timer));
	return watch;
}

class Bench {
	constructor() {
		this.userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'spherepay-bench-'));
	}

	async setUp() {
		log(`n8n ${VERSION}: preparing (first run installs it, ~5 min)…`);
		await host.ensureN8n(VERSION, { log });
		this.tarball = await host.packPackage();
		await host.installPackage(this.userFolder, this.tarball);
		this.limited = await startEmulator({
			apiKeys: [API_KEY],
			rateLimit: { perSecond: LIMIT_PER_SECOND },
			latencyMs: LATENCY_MS,
			maxPageSize: LIST_PAGE_SIZE,
		});
		this.open = await startEmulator({ apiKeys: [API_KEY] });
		const credentials = [];
		for (const [name, emulator] of [['limited', this.limited], ['open', this.open]]) {
			credentials.push(
				{ id: `sp-${name}`, name: `sp-${name}`, type: 'spherePayApi', data: { apiKey: API_KEY, environment: 'custom', baseUrl: emulator.url } },
				{ id: `bearer-${name}`, name: `bearer-${name}`, type: 'httpBearerAuth', data: { token: API_KEY } },
			);
		}
		await this.cli(['import:credentials', '--input', this.writeJson('credentials.json', credentials)]);
	}

	writeJson(name, value) {
		const file = path.join(this.userFolder, name);
		fs.writeFileSync(file, JSON.stringify(value));
		return file;
	}

	async cli(cliArgs, onSpawn, nodeArgs = []) {
		const result = await host.runCli(VERSION, this.userFolder, cliArgs, {
			env: { N8N_LOG_LEVEL: 'info', N8N_LOG_OUTPUT: 'console' },
			nodeArgs,
			timeoutMs: 600_000,
			onSpawn,
		});
		if (cliArgs[0].startsWith('import') && result.code !== 0) throw new Error(`${cliArgs[0]} failed:\n${result.stdout}\n${result.stderr}`);
		return result;
	}

	/** Imports every workflow in one CLI call (each call boots n8n). */
	async importWorkflows(specs) {
		const dir = path.join(this.userFolder, 'workflows');
		fs.mkdirSync(dir, { recursive: true });
		for (const { id, rows, target } of specs) {
			fs.writeFileSync(path.join(dir, `${id}.json`), JSON.stringify(host.itemsWorkflow(id, rows, target)));
		}
		await this.cli(['import:workflow', '--separate', '--input', dir]);
	}

	/** Runs one imported workflow; returns the Target node's figures and output. */
	async runWorkflow({ id, emulator, rows, seed }, { profileDir } = {}) {
		emulator.reset();
		seed?.(emulator);
		let peak;
		const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
		const cli = await this.cli(['execute', '--id', id, '--rawOutput'], (child) => (peak = watchPeakRss(child)), nodeArgs);
		const run = host.parseRunOutput(cli.stdout);
		const task = run?.data?.resultData?.runData?.Target?.[0];
		if (!task) throw new Error(`${id}: no run data for the node under test (exit ${cli.code})\n${cli.stdout.slice(-2000)}\n${cli.stderr.slice(-2000)}`);
		const output = task.data?.main?.[0] ?? [];
		const succeeded = output.filter((item) => item.json?.customerId).length;
		return {
			ms: task.executionTime,
			succeeded,
			failed: rows.length - succeeded,
			created: emulator.customers.size,
			rateLimited: emulator.stats.rateLimited,
			peakRssBytes: peak.bytes,
			// From the node's start to the first request SpherePay received: reading and checking every item.
			firstRequestMs: emulator.requests.length ? performance.timeOrigin + emulator.requests[0].receivedAt - task.startTime : undefined,
			error: task.error?.message,
			output,
		};
	}

	async runAxios(emulator, rows, concurrency) {
		emulator.reset();
		const result = await this.runFloor('bench-axios.js', { url: emulator.url, apiKey: API_KEY, rows, concurrency });
		return { ...result, created: emulator.customers.size, rateLimited: emulator.stats.rateLimited };
	}

	/** Reads the seeded list with raw axios (scripts/bench-axios-list.js). */
	async runAxiosList(emulator, seed) {
		emulator.reset();
		seed(emulator);
		return await this.runFloor('bench-axios-list.js', { url: emulator.url, apiKey: API_KEY, perSecond: LIMIT_PER_SECOND, pageSize: LIST_PAGE_SIZE });
	}

	/** Runs a raw-axios floor script in a process of its own; returns what it printed. */
	async runFloor(script, input) {
		const file = this.writeJson(`${script}.input.json`, input);
		const child = spawn(process.execPath, [path.join(__dirname, script), file], { stdio: ['ignore', 'pipe', 'inherit'] });
		let stdout = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		await new Promise((resolve) => child.on('exit', resolve));
		return JSON.parse(stdout);
	}

	async close() {
		await this.limited?.close();
		await this.open?.close();
		fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}

// ---------------------------------------------------------------- the three runs

async function repeat(label, fn) {
	const results = [];
	for (let i = 0; i < REPEATS; i++) {
		log(`  ${label} ${i + 1}/${REPEATS}`);
		results.push(await fn(i));
	}
	return results;
}

const seconds = (ms) => (ms / 1000).toFixed(2);
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(0);
const table = (header, rows) => {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
	const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
	return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
};

/** The workflows a run needs, one per case and repeat, each with its own customers. */
function specsOf(prefix, emulator, count, target) {
	return Array.from({ length: REPEATS }, (_, i) => ({ id: `${prefix}${i}`, emulator, rows: rowsOf(count, `${prefix}${i}`), target }));
}

async function atTheLimit(bench) {
	log(`Run 1: ${RATE_ITEMS} items, emulator at ${LIMIT_PER_SECOND} requests/s with ${LATENCY_MS} ms latency`);
	const physicalMs = (RATE_ITEMS / LIMIT_PER_SECOND) * 1000;
	const { limited } = bench;
	const batching = { batching: { batch: { batchSize: 100, batchInterval: 1000 } } };
	const flows = {
		node: specsOf('rateNode', limited, RATE_ITEMS, spherePayNode('sp-limited')),
		nodeContinue: specsOf('rateNodeCof', limited, RATE_ITEMS, { ...spherePayNode('sp-limited'), onError: 'continueRegularOutput' }),
		http: specsOf('rateHttp', limited, RATE_ITEMS, httpRequestNode('bearer-limited', limited.url)),
		batched: specsOf('rateBatch', limited, RATE_ITEMS, httpRequestNode('bearer-limited', limited.url, batching)),
	};
	await bench.importWorkflows(Object.values(flows).flat());
	const floorConcurrency = Math.ceil((LIMIT_PER_SECOND * LATENCY_MS) / 1000);
	const cases = [
		['SpherePay node, default options (checks every item first)', (i) => bench.runWorkflow(flows.node[i])],
		['SpherePay node, Continue On Fail (sends as it reads)', (i) => bench.runWorkflow(flows.nodeContinue[i])],
		['HTTP Request node, default options', (i) => bench.runWorkflow(flows.http[i])],
		['HTTP Request node, batching 100 items / 1000 ms', (i) => bench.runWorkflow(flows.batched[i])],
		[`raw axios, concurrency ${floorConcurrency} (floor)`, (i) => bench.runAxios(limited, rowsOf(RATE_ITEMS, `rateAxios${i}`), floorConcurrency)],
	];
	const rows = [];
	for (const [label, run] of cases) {
		const results = await repeat(label, run);
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

async function overhead(bench) {
	log(`Run 2: ${OVERHEAD_ITEMS} items, no limit, no latency`);
	const modes = [1, 10].map((concurrency) => ({
		concurrency,
		flows: specsOf(`over${concurrency}x`, bench.open, OVERHEAD_ITEMS, spherePayNode('sp-open', { concurrency, requestsPerSecond: 0 })),
	}));
	const reference = specsOf('overHttp', bench.open, OVERHEAD_ITEMS, httpRequestNode('bearer-open', bench.open.url));
	await bench.importWorkflows([...modes.flatMap((mode) => mode.flows), ...reference]);
	const perItem = (results) => results.map((r) => (r.ms * 1000) / OVERHEAD_ITEMS);
	const fmt = (values) => `${median(values).toFixed(0)} µs (${spread(values).map((v) => v.toFixed(0)).join('–')})`;
	const compare = (label, node, axios) => [
		label,
		fmt(perItem(node)),
		fmt(perItem(axios)),
		`${(median(perItem(node)) / median(perItem(axios))).toFixed(2)}×`,
		median(node.map((r) => r.failed)) + median(axios.map((r) => r.failed)),
	];
	const rows = [];
	for (const { concurrency, flows } of modes) {
		const mode = concurrency === 1 ? 'sequential' : `concurrency ${concurrency}`;
		const node = await repeat(`SpherePay node, ${mode}`, (i) => bench.runWorkflow(flows[i]));
		const axios = await repeat(`raw axios, ${mode}`, (i) => bench.runAxios(bench.open, rowsOf(OVERHEAD_ITEMS, `axios${concurrency}x${i}`), concurrency));
		rows.push(compare(`SpherePay node vs raw axios, ${mode}`, node, axios));
	}
	const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spherepay-profile-'));
	log('  SpherePay node, sequential, CPU-profiled (not timed)');
	await bench.runWorkflow(modes[0].flows[0], { profileDir });
	const cpu = attribute(profileDir, OVERHEAD_ITEMS);
	// n8n's own cost for the same call, for reference: its HTTP Request node (all items at once, its default).
	const http = await repeat('HTTP Request node, default', (i) => bench.runWorkflow(reference[i]));
	const axios = await repeat('raw axios, concurrency 100', (i) => bench.runAxios(bench.open, rowsOf(OVERHEAD_ITEMS, `axiosRef${i}`), 100));
	rows.push(compare('HTTP Request node (all at once) vs raw axios, concurrency 100', http, axios));
	return [
		table(['run 2', 'n8n node per item (median, min–max)', 'raw axios per item', 'ratio', 'failed'], rows),
		table(
			['CPU per item, SpherePay node, sequential (profiled run)', 'time'],
			[
				["this package's own code (self time)", cpu.ours],
				["n8n's getNodeParameter for the item's parameters (inclusive)", cpu.parameters],
				['… of which its expression engine', cpu.expressions],
				["n8n's httpRequestWithAuthentication: credential lookup, agent, axios (inclusive)", cpu.http],
			],
		),
	].join('\n\n');
}

/**
 * Where a profiled run's CPU time went, per item: this package's own code (self time in
 * its files) and, inclusive, n8n's expression evaluation and its HTTP helper.
 */
function attribute(profileDir, items) {
	const files = fs.readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile'));
	const totals = { ours: 0, parameters: 0, expressions: 0, http: 0 };
	for (const file of files) {
		const profile = JSON.parse(fs.readFileSync(path.join(profileDir, file), 'utf8'));
		const byId = new Map(profile.nodes.map((node) => [node.id, node]));
		const parent = new Map();
		for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
		profile.samples.forEach((id, i) => {
			const us = profile.timeDeltas[i] ?? 0;
			if (byId.get(id).callFrame.url.includes('/n8n-nodes-spherepay/dist/')) totals.ours += us;
			const seen = new Set();
			for (let current = id; current !== undefined; current = parent.get(current)) {
				const name = byId.get(current).callFrame.functionName;
				if (name === '_getNodeParameter' && !seen.has(name)) totals.parameters += us;
				if (name === 'resolveSimpleParameterValue' && !seen.has(name)) totals.expressions += us;
				if (name === 'httpRequestWithAuthentication' && !seen.has(name)) totals.http += us;
				seen.add(name);
			}
		});
	}
	fs.rmSync(profileDir, { recursive: true, force: true });
	const perItem = (us) => `${(us / items).toFixed(0)} µs`;
	return Object.fromEntries(Object.entries(totals).map(([key, us]) => [key, perItem(us)]));
}

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
	const getManyNode = (options) => ({
		type: 'n8n-nodes-spherepay.spherePay',
		typeVersion: 1,
		parameters: { resource: 'customer', operation: 'getAll', returnAll: true, options: { requestsPerSecond: LIMIT_PER_SECOND, ...options } },
		credentials: { spherePayApi: { id: 'sp-limited', name: 'sp-limited' } },
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
		Array.from({ length: REPEATS }, (_, i) => ({ id: `${prefix}${i}`, emulator: limited, rows: [{ run: i }], target, seed }));
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
		const results = await repeat(label, run);
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
	const serving = await repeat('emulator alone, serving the pages back to back', () => servingCost(bench.open, seed, pages));
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

function footprint(bench) {
	log('Run 3: footprint');
	const dist = path.join(host.ROOT, 'dist');
	const timeRequire = (preload) => {
		const script = `${preload ? "require('n8n-workflow');" : ''}
const t = process.hrtime.bigint();
require(${JSON.stringify(path.join(dist, 'nodes/SpherePay/SpherePay.node.js'))});
require(${JSON.stringify(path.join(dist, 'credentials/SpherePayApi.credentials.js'))});
process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;
		const times = Array.from({ length: 11 }, () => Number(execFileSync(process.execPath, ['-e', script], { cwd: host.ROOT })));
		return `${median(times).toFixed(1)} ms (${spread(times).map((v) => v.toFixed(1)).join('–')})`;
	};
	const manifest = JSON.parse(fs.readFileSync(path.join(host.ROOT, 'package.json'), 'utf8'));
	return table(
		['run 3', 'value'],
		[
			['cold require of node + credential, n8n-workflow already loaded (as in n8n)', timeRequire(true)],
			['cold require including n8n-workflow itself', timeRequire(false)],
			['packed tarball', `${fs.statSync(bench.tarball).size} bytes`],
			['runtime dependencies', Object.keys(manifest.dependencies ?? {}).length],
		],
	);
}

(async () => {
	const bench = new Bench();
	const sections = [];
	try {
		await bench.setUp();
		if (!ONLY || ONLY === 'rate') sections.push(await atTheLimit(bench));
		if (!ONLY || ONLY === 'overhead') sections.push(await overhead(bench));
		if (!ONLY || ONLY === 'footprint') sections.push(footprint(bench));
		if (!ONLY || ONLY === 'getmany') sections.push(await getMany(bench));
	} finally {
		await bench.close();
	}
	const cpu = os.cpus();
	process.stdout.write(
		[
			`n8n ${VERSION} (n8n execute), Node ${process.version}, ${cpu.length} cores (${cpu[0]?.model.trim()}), ${new Date().toISOString().slice(0, 10)}, ${REPEATS} repeats`,
			...sections,
			'',
		].join('\n\n'),
	);
	process.exit(0);
})().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
