/**
 * The scripted model the AI tests and `npm run dev` use: both OpenAI APIs, the script played
 * from what the model is sent, and a refusal (recorded) for anything the script does not expect.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { kycAssistantScript, startModelServer } = require('../tooling/model-server');

type ModelServer = Awaited<ReturnType<typeof startModelServer>>;

const TOOLS = [
	{ name: 'Get_Many_Customers', description: 'Get many customers by email, name or status in SpherePay', parameters: { type: 'object', properties: { email: { type: 'string' } } } },
	{ name: 'Regenerate_KYC_Link', description: 'Regenerate KYC link when it expired in SpherePay', parameters: { type: 'object', properties: { customerId: { type: 'string' } } } },
];
const ID = 'customer_0123456789abcdef0123456789abcdef';
const CUSTOMERS = JSON.stringify([{ id: ID, email: 'ada@example.com' }]);
const LINK = JSON.stringify([{ customerId: ID, url: 'https://in.sumsub.com/websdk/p/sbx_abc', expiresAt: '2026-12-30T00:00:00.000Z' }]);
const ASK = 'ada@example.com says her link expired';

let model: ModelServer;
beforeEach(async () => {
	model = await startModelServer({ script: kycAssistantScript() });
});
afterEach(async () => await model.close());

const post = async (path: string, body: unknown) => {
	const response = await fetch(`${model.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- OpenAI's answers, read field by field
	return { status: response.status, body: (await response.json()) as any };
};

/** A Responses API call carrying the user's message and the tool calls and results so far. */
const responses = (results: Array<[string, string]>, extra = {}) =>
	post('/responses', {
		model: 'gpt-4.1-mini',
		input: [
			{ role: 'system', content: 'You help' },
			{ role: 'user', content: ASK },
			...results.flatMap(([name, output], i) => [
				{ type: 'function_call', call_id: `call_${i}`, name, arguments: '{}' },
				{ type: 'function_call_output', call_id: `call_${i}`, output },
			]),
		],
		tools: TOOLS.map((tool) => ({ type: 'function', ...tool })),
		...extra,
	});

test('Responses API: the KYC script calls Get Many with the e-mail, Regenerate with the ID it returned, then answers with the link', async () => {
	const first = await responses([]);
	expect(first.status).toBe(200);
	expect(first.body.output).toEqual([expect.objectContaining({ type: 'function_call', name: 'Get_Many_Customers', arguments: '{"email":"ada@example.com"}' })]);
	const second = await responses([['Get_Many_Customers', CUSTOMERS]]);
	expect(second.body.output[0]).toMatchObject({ type: 'function_call', name: 'Regenerate_KYC_Link', arguments: JSON.stringify({ customerId: ID }) });
	const third = await responses([
		['Get_Many_Customers', CUSTOMERS],
		['Regenerate_KYC_Link', LINK],
	]);
	expect(third.body.output[0].content[0]).toMatchObject({ type: 'output_text', text: 'Here is a new verification link: https://in.sumsub.com/websdk/p/sbx_abc' });
	expect(model.errors).toEqual([]);
	expect(model.tools.map((tool: { name: string }) => tool.name)).toEqual(['Get_Many_Customers', 'Regenerate_KYC_Link']);
	expect(model.toolResults.map((result: { tool: string; text: string }) => [result.tool, result.text])).toEqual([
		['Get_Many_Customers', CUSTOMERS],
		['Regenerate_KYC_Link', LINK],
	]);
});

test('Chat Completions: the same script, tool calls as tool_calls and results as tool messages', async () => {
	const tools = TOOLS.map(({ name, description, parameters }) => ({ type: 'function', function: { name, description, parameters } }));
	const first = await post('/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: ASK }], tools });
	const call = first.body.choices[0].message.tool_calls[0];
	expect(call.function).toEqual({ name: 'Get_Many_Customers', arguments: '{"email":"ada@example.com"}' });
	expect(first.body.choices[0].finish_reason).toBe('tool_calls');
	const second = await post('/chat/completions', {
		model: 'gpt-4o-mini',
		messages: [
			{ role: 'user', content: ASK },
			{ role: 'assistant', content: null, tool_calls: [call] },
			{ role: 'tool', tool_call_id: call.id, content: '[]' },
		],
		tools,
	});
	// No customer found: the script says so instead of calling Regenerate.
	expect(second.body.choices[0]).toMatchObject({ finish_reason: 'stop', message: { role: 'assistant' } });
	expect(second.body.choices[0].message.content).toContain('I found no SpherePay customer');
	expect(model.toolResults).toEqual([{ callId: call.id, tool: 'Get_Many_Customers', text: '[]' }]);
});

test('the model list answers the credential test', async () => {
	const response = await fetch(`${model.url}/models`);
	expect(response.status).toBe(200);
	expect(((await response.json()) as { data: Array<{ id: string }> }).data.map((entry: { id: string }) => entry.id)).toContain('gpt-4.1-mini');
});

test.each([
	['an unknown endpoint', () => post('/embeddings', { input: 'x' }), /no such endpoint: POST \/v1\/embeddings/],
	['a streaming request', () => responses([], { stream: true }), /streaming was asked for/],
	['a call beyond the script', () => responses([['Get_Many_Customers', CUSTOMERS], ['Regenerate_KYC_Link', LINK], ['Regenerate_KYC_Link', LINK]]), /the script has 3 steps/],
	['a tool the script wants but is not offered', () => post('/responses', { model: 'm', input: ASK, tools: [] }), /one tool matching \/get many\/i; offered: none/],
])('refuses %s with an OpenAI error, and records it', async (_case, send, reason) => {
	const { status, body } = await send();
	expect(status).toBe(400);
	expect(body.error).toMatchObject({ type: 'invalid_request_error', message: expect.stringMatching(reason) });
	expect(model.errors).toEqual([expect.objectContaining({ reason: expect.stringMatching(reason) })]);
});
