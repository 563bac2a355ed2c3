// The example workflows in examples/, the data table their follow-up loop keeps, and the
// local n8n they run in: its owner login and the credentials they name.
const fs = require('node:fs');
const path = require('node:path');

const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', 'examples');

/**
 * What "Onboard and e-mail" records and the follow-up reads and updates: one row per customer,
 * with its KYC link's expiry and, once verified, whether its Terms of Service link went out.
 */
const KYC_LINKS_TABLE = {
	name: 'SpherePay KYC links',
	columns: [
		{ name: 'customerId', type: 'string' },
		{ name: 'email', type: 'string' },
		{ name: 'expiresAt', type: 'date' },
		{ name: 'verificationStatus', type: 'string' },
		{ name: 'tosStatus', type: 'string' },
		{ name: 'tosLinkSentAt', type: 'date' },
	],
};

/**
 * The examples as shipped point their Data Table nodes at this ID: a data table's ID is made
 * by the n8n it lives in, so users pick their own table (README) and `npm run dev` and the
 * tests put in the one they created.
 */
const TABLE_PLACEHOLDER = 'choose-your-data-table';

/** The owner account of a local n8n: `npm run dev` prints it, the tests sign in with it. */
const OWNER = { email: 'dev@example.com', password: 'SpherePay-dev-1', firstName: 'Dev', lastName: 'User' };

/** The SpherePay credential the examples name (by id and name). */
const SPHEREPAY_CREDENTIAL = { id: 'spherePayLocal01', name: 'SpherePay (local emulator)' };
const SMTP_CREDENTIAL = { id: 'smtpLocalSink001', name: 'Local SMTP sink' };
/** The AI examples: the KYC assistant answers at /webhook/<chatWebhookId>/chat, the MCP server at /mcp/<path>. */
const KYC_ASSISTANT = { id: 'spherePayKycAssistant', name: 'KYC assistant', chatWebhookId: 'spherepay-kyc-assistant' };
const MCP_SERVER = { id: 'spherePayMcpServer', name: 'SpherePay MCP server', path: 'spherepay' };

/** The OpenAI credential the KYC assistant names: locally, the scripted model (test/tooling/model-server.js). */
const OPENAI_CREDENTIAL = { id: 'openAiScripted01', name: 'Scripted model (local)' };

/** An openAiApi credential whose Base URL is the scripted model's, e.g. http://127.0.0.1:4011/v1. */
function localModelCredential(modelUrl) {
	return { ...OPENAI_CREDENTIAL, type: 'openAiApi', data: { apiKey: 'sk-scripted-model', url: modelUrl, header: false } };
}

/** A stored spherePayApi credential for a local emulator, as `n8n import:credentials` takes it. */
function localSpherePayCredential({ apiKey, baseUrl }, { id, name } = SPHEREPAY_CREDENTIAL) {
	return { id, name, type: 'spherePayApi', data: { apiKey, environment: 'custom', baseUrl } };
}

/**
 * The credentials the examples name, pointed at a local SpherePay emulator and SMTP sink (and,
 * given its URL, the scripted model), as `n8n import:credentials` takes them.
 * @param {{ apiKey: string, baseUrl: string, smtpPort: number, modelUrl?: string }} local
 */
function localCredentials({ apiKey, baseUrl, smtpPort, modelUrl }) {
	return [
		...(modelUrl ? [localModelCredential(modelUrl)] : []),
		localSpherePayCredential({ apiKey, baseUrl }),
		{
			...SMTP_CREDENTIAL,
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

module.exports = {
	EXAMPLES_DIR,
	KYC_ASSISTANT,
	KYC_LINKS_TABLE,
	MCP_SERVER,
	OPENAI_CREDENTIAL,
	OWNER,
	SMTP_CREDENTIAL,
	SPHEREPAY_CREDENTIAL,
	TABLE_PLACEHOLDER,
	localCredentials,
	localModelCredential,
	localSpherePayCredential,
	readExamples,
};
