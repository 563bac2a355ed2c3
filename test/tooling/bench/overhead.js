// Run 2 (`--only overhead`): per-item cost of the node against raw axios, no limit, no
// latency, and where a CPU-profiled run spends it.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { log } = require('./bench');
const { createCustomerNode, customerRows, httpRequestCreateNode } = require('../workflows');
const { median, spread, table } = require('./figures');

const OVERHEAD_ITEMS = 2000;

async function overhead(bench) {
	log(`Run 2: ${OVERHEAD_ITEMS} items, no limit, no latency`);
	const modes = [1, 10].map((concurrency) => ({
		concurrency,
		flows: bench.specsOf(`over${concurrency}x`, bench.open, OVERHEAD_ITEMS, createCustomerNode('sp-open', { concurrency, requestsPerSecond: 0 })),
	}));
	const reference = bench.specsOf('overHttp', bench.open, OVERHEAD_ITEMS, httpRequestCreateNode('bearer-open', bench.open.url));
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
		const node = await bench.repeat(`SpherePay node, ${mode}`, (i) => bench.runWorkflow(flows[i]));
		const axios = await bench.repeat(`raw axios, ${mode}`, (i) => bench.runAxios(bench.open, customerRows(OVERHEAD_ITEMS, `axios${concurrency}x${i}`), concurrency));
		rows.push(compare(`SpherePay node vs raw axios, ${mode}`, node, axios));
	}
	const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spherepay-profile-'));
	log('  SpherePay node, sequential, CPU-profiled (not timed)');
	await bench.runWorkflow(modes[0].flows[0], { profileDir });
	const cpu = attribute(profileDir, OVERHEAD_ITEMS);
	// n8n's own cost for the same call, for reference: its HTTP Request node (all items at once, its default).
	const http = await bench.repeat('HTTP Request node, default', (i) => bench.runWorkflow(reference[i]));
	const axios = await bench.repeat('raw axios, concurrency 100', (i) => bench.runAxios(bench.open, customerRows(OVERHEAD_ITEMS, `axiosRef${i}`), 100));
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

module.exports = { name: 'overhead', run: overhead, attribute };
