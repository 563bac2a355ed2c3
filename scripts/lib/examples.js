// The example workflows in examples/, and the data table their follow-up loop keeps.
const fs = require('node:fs');
const path = require('node:path');

const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', 'examples');

/** What "Onboard and e-mail" records and the follow-up reads and updates: one row per customer. */
const KYC_LINKS_TABLE = {
	name: 'SpherePay KYC links',
	columns: [
		{ name: 'customerId', type: 'string' },
		{ name: 'email', type: 'string' },
		{ name: 'expiresAt', type: 'date' },
		{ name: 'verificationStatus', type: 'string' },
	],
};

/**
 * The examples as shipped point their Data Table nodes at this ID: a data table's ID is made
 * by the n8n it lives in, so users pick their own table (README) and `npm run dev` and the
 * tests put in the one they created.
 */
const TABLE_PLACEHOLDER = 'choose-your-data-table';

/**
 * The credentials the examples name, pointed at a local SpherePay emulator and SMTP sink, as
 * `n8n import:credentials` takes them.
 */
function localCredentials({ apiKey, baseUrl, smtpPort }) {
	return [
		{
			id: 'spherePayLocal01',
			name: 'SpherePay (local emulator)',
			type: 'spherePayApi',
			data: { apiKey, environment: 'custom', baseUrl },
		},
		{
			id: 'smtpLocalSink001',
			name: 'Local SMTP sink',
			type: 'smtp',
			data: { user: '', password: '', host: '127.0.0.1', port: smtpPort, secure: false, disableStartTls: true },
		},
	];
}

/** Every example workflow, its Data Table nodes pointed at `dataTableId` when given. */
function readExamples(dataTableId) {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => {
			const workflow = JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
			if (dataTableId === undefined) return workflow;
			for (const node of workflow.nodes) {
				const table = node.parameters?.dataTableId;
				if (node.type === 'n8n-nodes-base.dataTable' && table?.value === TABLE_PLACEHOLDER) table.value = dataTableId;
			}
			return workflow;
		});
}

module.exports = { EXAMPLES_DIR, KYC_LINKS_TABLE, TABLE_PLACEHOLDER, localCredentials, readExamples };
