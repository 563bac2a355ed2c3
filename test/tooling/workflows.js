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
 * Manual Trigger → the items (Edit Fields, raw JSON) → Split Out → `target`: how a user
 * feeds a node a list of rows. `target` is a node without id or position; its name
 * defaults to "Target".
 */
function itemsWorkflow(id, items, target) {
	const node = (name, type, typeVersion, parameters, x) => ({ id: `${id}-${name}`, name, type, typeVersion, parameters, position: [x, 0] });
	const link = (to) => ({ main: [[{ node: to, type: 'main', index: 0 }]] });
	const last = { name: 'Target', ...target, id: `${id}-target`, position: [600, 0] };
	return {
		id,
		name: id,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger', 1, {}, 0),
			node('Items', 'n8n-nodes-base.set', 3.4, { mode: 'raw', jsonOutput: JSON.stringify({ items }), options: {} }, 200),
			node('Split', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'items', options: {} }, 400),
			last,
		],
		connections: { Start: link('Items'), Items: link('Split'), Split: link(last.name) },
	};
}

module.exports = { SPHEREPAY_NODE_TYPE, itemsWorkflow, spherePayNode };
