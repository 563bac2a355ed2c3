/**
 * What an AI agent learns about the SpherePay Tool: n8n builds the tool's description from the
 * operation's `action` ("<action> in SpherePay", Tool Description "Set Automatically") and its
 * name from the node's name, which a new node takes from the same action.
 */
import { NodeHelpers, nodeNameToToolName, type INode, type INodeProperties } from 'n8n-workflow';

import { operations } from '../../nodes/SpherePay/actions/customer/Customer.resource';
import { SpherePay } from '../../nodes/SpherePay/SpherePay.node';

const nodeType = new SpherePay();
const { description } = nodeType;
// n8n's Tool variant of the node, as n8n names it (the description is the node's own at run time).
const toolType = { ...nodeType, description: { ...description, name: `${description.name}Tool` } };
const toolNode = (operation: string, parameters = {}): INode => ({
	id: 'tool',
	name: NodeHelpers.makeNodeName({ resource: 'customer', operation }, toolType.description),
	type: `n8n-nodes-spherepay.${toolType.description.name}`,
	typeVersion: 3,
	position: [0, 0],
	parameters: { resource: 'customer', operation, descriptionType: 'auto', ...parameters },
});
const entries = Object.values(operations).map(({ option }) => [option.value, option] as const);

describe('the SpherePay Tool as an agent sees it', () => {
	test.each(entries)('%s: the automatic description says what it needs or returns, not only "<operation> <resource>"', (operation, option) => {
		const text = NodeHelpers.getToolDescriptionForNode(toolNode(operation), toolType as never);
		expect(text).toBe(`${option.action} in SpherePay`);
		// More than n8n's fallback ("Get customer", "Create customer via link"): a second clause.
		expect(option.action.split(' ').length).toBeGreaterThan(option.name.split(' ').length + 1);
		expect(option.action).toMatch(/\b(returns|by|for|when)\b/);
	});

	test.each(entries)('%s: the tool name n8n derives from the default node name fits OpenAI’s 64 characters, numbered too', (operation) => {
		const name = nodeNameToToolName(`${toolNode(operation).name}99`);
		expect(name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
	});

	test('no two operations share an action or a dropdown description', () => {
		const options = entries.map(([, option]) => option);
		expect(new Set(options.map((o) => o.action)).size).toBe(options.length);
		expect(new Set(options.map((o) => o.description)).size).toBe(options.length);
	});

	test.each(entries)('%s: the dropdown description says what it needs and what it returns', (_operation, option) => {
		expect(option.description).toMatch(/\b(needs|by)\b/);
		expect(option.description).toMatch(/\breturns\b/);
	});

	test('the node description (the tool’s description when set manually) names what the node can do', () => {
		expect(description.description).toMatch(/KYC link/);
		expect(description.description).toMatch(/new link/);
		expect(description.description).toMatch(/verification status/);
	});

	test('Simplify is offered on the reads, from version 3, on by default', () => {
		const simplify = description.properties.filter((p: INodeProperties) => p.name === 'simple');
		expect(simplify.map((p) => [p.displayOptions?.show?.operation, p.displayOptions?.show?.['@version'], p.default])).toEqual([
			[['get'], [{ _cnd: { gte: 3 } }], true],
			[['getAll'], [{ _cnd: { gte: 3 } }], true],
		]);
		expect(simplify[0].description).toBe('Whether to return a simplified version of the response instead of the raw data');
	});
});
