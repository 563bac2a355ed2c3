// Run 6 (`--only tokens`): what one Get Many page of 100 customers costs an AI agent's
// context, Simplify on against off (node version 3, in n8n): the output items' JSON as the
// AI Agent hands a tool's answer to the model, in characters and in tokens estimated as
// characters / 4. Goal: simplified ≤ 25 % of full.
const { log } = require('./bench');
const { table } = require('./figures');
const { spherePayNode } = require('../workflows');

const PAGE = 100;

/**
 * A page of customers as SpherePay documents them: individuals and businesses, two
 * verification profiles each (USD/EUR and BRL), in every status, with their criteria.
 */
function seed(emulator) {
	const statuses = ['incomplete', 'pending', 'approved', 'rejected'];
	for (let i = 0; i < PAGE; i++) {
		const names =
			i % 4 === 3
				? { type: 'business', businessLegalName: `Lovelace Analytical Engines ${i} Ltd`, businessTradeName: `Engines ${i}` }
				: { type: 'individual', firstName: 'Ada', lastName: `Lovelace ${i}` };
		const id = emulator.seedLinkCustomer({ ...names, email: `customer.${i}@example.com`, phone: `+1415555${String(i).padStart(4, '0')}` });
		emulator.setVerification(id, [
			{ name: 'kyc_profile_a', status: statuses[i % 4] },
			{ name: 'kyc_profile_b', status: statuses[(i + 1) % 4] },
		]);
	}
}

async function tokens(bench) {
	log(`Run 6: one Get Many page of ${PAGE} customers as an agent receives it, Simplify on vs off`);
	const node = (simple) =>
		spherePayNode({
			typeVersion: 3,
			parameters: { resource: 'customer', operation: 'getAll', limit: PAGE, simple },
			credential: { id: 'sp-open', name: 'sp-open' },
		});
	const flows = { simplified: { id: 'tokensSimple', emulator: bench.open, rows: [{}], target: node(true), seed }, full: { id: 'tokensFull', emulator: bench.open, rows: [{}], target: node(false), seed } };
	await bench.importWorkflows(Object.values(flows));
	const measured = {};
	for (const [label, flow] of Object.entries(flows)) {
		const run = await bench.runWorkflow(flow);
		if (run.error) throw new Error(`${flow.id}: ${run.error}`);
		// What the AI Agent (n8n 2.8, buildSteps) puts in the tool message: the items' JSON.
		const answer = JSON.stringify(run.output.map((item) => item.json));
		measured[label] = { customers: run.output.length, fields: Object.keys(run.output[0].json).length, chars: answer.length };
	}
	const { simplified, full } = measured;
	const percent = ((simplified.chars / full.chars) * 100).toFixed(1);
	const rows = [
		['Simplify on (default)', simplified.customers, simplified.fields, simplified.chars.toLocaleString('en-US'), Math.round(simplified.chars / 4).toLocaleString('en-US'), `${percent} %`],
		['Simplify off (full customer)', full.customers, full.fields, full.chars.toLocaleString('en-US'), Math.round(full.chars / 4).toLocaleString('en-US'), '100 %'],
	];
	return [
		table(['run 6: one Get Many page for an agent', 'customers', 'top-level fields (first)', 'characters', 'tokens (chars / 4)', 'of full'], rows),
		`Simplified ÷ full: ${percent} % (goal ≤ 25 %). Customers as the emulator serves SpherePay's documented fields, two verification profiles each; real answers carry more fields (dateOfBirth, personalInformation, …), which only the full output grows by.`,
	].join('\n\n');
}

module.exports = { name: 'tokens', run: tokens };
