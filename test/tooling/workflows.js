// The workflows the tests, the bench and `npm run dev` give n8n: the SpherePay node as a
// workflow holds it, and the shape of a user's workflow that feeds it rows.

const SPHEREPAY_NODE_TYPE = 'n8n-nodes-spherepay.spherePay';

/**
 * The SpherePay node as a saved workflow holds it: `parameters` as the panel sets them, the
 * spherePayApi credential by `{ id, name }`, and any other field (id, name, position,
 * onError, credentials, …) as given.
 * @param {{ parameters?: object, credential?: { id: string, name: string }, typeVersion?: number } & Record<string, unknown>} [node]
 * @returns {any} whatever node type the caller declares (INode, IDataObject)
 */
function spherePayNode({ parameters = {}, credential, typeVersion = 1, ...fields } = {}) {
	return {
		type: SPHEREPAY_NODE_TYPE,
		typeVersion,
		parameters,
		...(credential && { credentials: { spherePayApi: { id: credential.id, name: credential.name } } }),
		...fields,
	};
}

/**
 * Manual Trigger → `steps` → `target`, each node feeding the next, laid out left to right: the
 * shape of a user's workflow that prepares rows for a node. Steps are `{ name, type,
 * typeVersion, parameters }`; `target` is a node without id or position, named "Target"
 * unless it says otherwise.
 */
function chainWorkflow(id, steps, target) {
	const nodes = [
		{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
		...steps,
		{ name: 'Target', ...target },
	].map((node, i) => ({ ...node, id: `${id}-${i === steps.length + 1 ? 'target' : node.name}`, position: [i * 200, 0] }));
	const connections = {};
	for (let i = 1; i < nodes.length; i++) connections[nodes[i - 1].name] = { main: [[{ node: nodes[i].name, type: 'main', index: 0 }]] };
	return { id, name: id, active: false, settings: { executionOrder: 'v1' }, nodes, connections };
}

/**
 * Manual Trigger → the items (Edit Fields, raw JSON) → Split Out → `target`: how a user
 * feeds a node a list of rows.
 */
function itemsWorkflow(id, items, target) {
	return chainWorkflow(
		id,
		[
			{ name: 'Items', type: 'n8n-nodes-base.set', typeVersion: 3.4, parameters: { mode: 'raw', jsonOutput: JSON.stringify({ items }), options: {} } },
			{ name: 'Split', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'items', options: {} } },
		],
		target,
	);
}

/** Distinct, valid customers, as a spreadsheet's rows or a form's signups. */
const customerRows = (count, tag) =>
	Array.from({ length: count }, (_, i) => ({
		email: `${tag}.${i}@example.com`,
		phone: `+1415${String(5_000_000 + i).padStart(7, '0')}`,
		line1: `${100 + (i % 900)} South Wacker Drive`,
		city: 'Chicago',
		state: 'IL',
		postalCode: '60606',
	}));

/**
 * The SpherePay node creating a customer from one of `customerRows`, read at `row` (an
 * expression: `$json` for an item, `$json.body` for a webhook's call), with the node's `options`.
 */
const createCustomerNode = (credentialId, options = {}, row = '$json') =>
	spherePayNode({
		parameters: {
			resource: 'customer',
			operation: 'createViaLink',
			customerType: 'individual',
			email: `={{ ${row}.email }}`,
			phone: `={{ ${row}.phone }}`,
			addressLine1: `={{ ${row}.line1 }}`,
			city: `={{ ${row}.city }}`,
			state: `={{ ${row}.state }}`,
			postalCode: `={{ ${row}.postalCode }}`,
			country: 'USA',
			options,
		},
		credential: { id: credentialId, name: credentialId },
	});

/**
 * The same call as a user would build it in the HTTP Request node (v4.4, Bearer credential):
 * a customer from one of `customerRows`, read at `row` as in `createCustomerNode`, with the
 * node's `options`.
 */
const httpRequestCreateNode = (credentialId, baseUrl, options = {}, row = '$json') => ({
	type: 'n8n-nodes-base.httpRequest',
	typeVersion: 4.4,
	parameters: {
		method: 'POST',
		url: `${baseUrl}/v2/customer/kyc-link`,
		authentication: 'genericCredentialType',
		genericAuthType: 'httpBearerAuth',
		sendBody: true,
		specifyBody: 'json',
		jsonBody: `={{ JSON.stringify({ type: "individual", email: ${row}.email, phone: ${row}.phone, address: { line1: ${row}.line1, city: ${row}.city, state: ${row}.state, postalCode: ${row}.postalCode, country: "USA" } }) }}`,
		options,
	},
	credentials: { httpBearerAuth: { id: credentialId, name: credentialId } },
});

module.exports = { SPHEREPAY_NODE_TYPE, chainWorkflow, createCustomerNode, customerRows, httpRequestCreateNode, itemsWorkflow, spherePayNode };
