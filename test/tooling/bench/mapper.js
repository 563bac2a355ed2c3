// Run 5 (`--only mapper`): Create Customer via Link at node version 3, Map Automatically,
// against version 2's six expressions: per-item cost (no limit, no latency, one request at a
// time) beside the 10 ms per item that SpherePay's limit allows, and the CPU the expression
// engine takes in a profiled run of each.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { LIMIT_PER_SECOND, log } = require('./bench');
const { createCustomerNode, customerRows } = require('../workflows');
const { median, spread, table } = require('./figures');
const { attribute } = require('./overhead');
const { spherePayNode } = require('../workflows');

const MAPPER_ITEMS = 1000;
const OPTIONS = { concurrency: 1, requestsPerSecond: 0 };

/** Rows a sheet would hold: every field a column, named as in SpherePay's request. */
const sheetRows = (tag) => customerRows(MAPPER_ITEMS, tag).map((row) => ({ type: 'individual', ...row, country: 'USA' }));

const autoMapNode = (credentialId) =>
	spherePayNode({
		typeVersion: 3,
		parameters: {
			resource: 'customer',
			operation: 'createViaLink',
			columns: { mappingMode: 'autoMapInputData', value: null },
			options: OPTIONS,
		},
		credential: { id: credentialId, name: credentialId },
	});

async function mapper(bench) {
	log(`Run 5: ${MAPPER_ITEMS} items, Map Automatically (version 3) vs six expressions (version 2), no limit, no latency, sequential`);
	const specs = (prefix, target) =>
		Array.from({ length: bench.repeats }, (_, i) => ({ id: `${prefix}${i}`, emulator: bench.open, rows: sheetRows(`${prefix}${i}`), target }));
	const cases = [
		['Map Automatically (version 3)', specs('mapAuto', autoMapNode('sp-open'))],
		['six expressions (version 2)', specs('mapExpr', { ...createCustomerNode('sp-open', OPTIONS), typeVersion: 2 })],
	];
	await bench.importWorkflows(cases.flatMap(([, flows]) => flows));
	const floorUs = 1_000_000 / LIMIT_PER_SECOND;
	const rows = [];
	for (const [label, flows] of cases) {
		const results = await bench.repeat(label, (i) => bench.runWorkflow(flows[i]));
		const perItem = results.map((r) => (r.ms * 1000) / MAPPER_ITEMS);
		const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spherepay-profile-'));
		log(`  ${label}, CPU-profiled (not timed)`);
		await bench.runWorkflow(flows[0], { profileDir });
		const cpu = attribute(profileDir, MAPPER_ITEMS);
		rows.push([
			label,
			`${median(perItem).toFixed(0)} µs (${spread(perItem).map((v) => v.toFixed(0)).join('–')})`,
			`${((median(perItem) / floorUs) * 100).toFixed(1)} %`,
			cpu.parameters,
			cpu.expressions,
			cpu.ours,
			median(results.map((r) => r.failed)),
		]);
	}
	return table(
		['run 5', 'per item (median, min–max)', `of the ${floorUs / 1000} ms per item ${LIMIT_PER_SECOND}/s allows`, 'getNodeParameter CPU per item', '… expression engine', "this package's own code", 'failed'],
		rows,
	);
}

module.exports = { name: 'mapper', run: mapper };
