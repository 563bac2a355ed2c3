/**
 * A scripted, OpenAI-compatible model for tests and `npm run dev`: no network, no real model.
 * It answers the OpenAI Chat Model node by playing a script of tool calls and a final answer,
 * records the tools (name, description, JSON schema) and the tool results n8n sends, and
 * refuses anything the script does not expect with an OpenAI error (recorded in `errors`).
 *
 *   const model = await startModelServer({ script: kycAssistantScript() });
 *   model.url            // http://127.0.0.1:<port>/v1, the OpenAI credential's Base URL
 *   model.requests       // every request: method, path, headers, body
 *   model.tools          // the tools of the latest model call
 *   model.toolResults    // every tool result sent back: { callId, tool, content }
 *   model.errors         // what was refused, and why
 *
 * Both APIs the OpenAI Chat Model node speaks: the Responses API (`POST /v1/responses`, the
 * default from node version 1.3) and Chat Completions (`POST /v1/chat/completions`, older
 * versions or "Use Responses API" off); `GET /v1/models` for the credential test and the
 * model list.
 *
 * A script is a list of steps, played in order: step N answers the model call that carries N
 * tool results. A step is `{ tool, arguments }` (a tool call), `{ answer }` (the final
 * message), or a function of the conversation returning one of those. `tool` picks the
 * offered tool whose name or description matches it; `arguments` and `answer` may be
 * functions of the conversation: `{ input, tools, results }`, `input` being the user's
 * message and `results` the tool results so far (`text`, and `json` when it parses).
 */
const crypto = require('node:crypto');
const http = require('node:http');

const MODELS = ['gpt-4.1-mini', 'gpt-4o-mini'];

class Refusal extends Error {}

/** Text parts of a message's content (a string or a list of parts). */
function textOf(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((part) => (typeof part === 'string' ? part : (part?.text ?? ''))).join('');
	return '';
}

/** One model call of either API, in one shape: the user's message, the tools, the tool results. */
function conversationOf(api, body) {
	if (api === 'responses') {
		const items = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : (body.input ?? []);
		const calls = new Map(items.filter((item) => item.type === 'function_call').map((item) => [item.call_id, item.name]));
		return {
			input: textOf([...items].reverse().find((item) => item.role === 'user')?.content),
			system: [body.instructions, ...items.filter((item) => item.role === 'system' || item.role === 'developer').map((item) => textOf(item.content))]
				.filter(Boolean)
				.join('\n'),
			tools: (body.tools ?? []).map((tool) => ({ type: tool.type, name: tool.name, description: tool.description, parameters: tool.parameters })),
			results: items
				.filter((item) => item.type === 'function_call_output')
				.map((item) => ({ callId: item.call_id, tool: calls.get(item.call_id), text: textOf(item.output) })),
		};
	}
	const messages = body.messages ?? [];
	const calls = new Map(messages.flatMap((message) => message.tool_calls ?? []).map((call) => [call.id, call.function?.name]));
	return {
		input: textOf([...messages].reverse().find((message) => message.role === 'user')?.content),
		system: messages.filter((message) => message.role === 'system').map((message) => textOf(message.content)).join('\n'),
		tools: (body.tools ?? []).map((tool) => ({
			type: tool.type,
			name: tool.function?.name,
			description: tool.function?.description,
			parameters: tool.function?.parameters,
		})),
		results: messages
			.filter((message) => message.role === 'tool')
			.map((message) => ({ callId: message.tool_call_id, tool: calls.get(message.tool_call_id), text: textOf(message.content) })),
	};
}

function parsed(text) {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** The tool a step names: the one offered tool whose name or description matches. */
function pickTool(tools, wanted) {
	const matches = tools.filter((tool) =>
		typeof wanted === 'string' ? tool.name === wanted : wanted.test(`${tool.name}\n${tool.description ?? ''}`),
	);
	if (matches.length !== 1) {
		throw new Refusal(`the script wants one tool matching ${wanted}; offered: ${tools.map((tool) => tool.name).join(', ') || 'none'}`);
	}
	return matches[0];
}

/** What the script says to this call: `{ call: { name, arguments } }` or `{ answer }`. */
function nextMove(script, conversation) {
	const context = { ...conversation, results: conversation.results.map((result) => ({ ...result, json: parsed(result.text) })) };
	const index = conversation.results.length;
	if (index >= script.length) throw new Refusal(`the script has ${script.length} steps; this call follows ${index} tool results`);
	const step = typeof script[index] === 'function' ? script[index](context) : script[index];
	if (step.answer !== undefined) {
		return { answer: typeof step.answer === 'function' ? step.answer(context) : step.answer };
	}
	const tool = pickTool(conversation.tools, step.tool);
	const args = typeof step.arguments === 'function' ? step.arguments(context) : (step.arguments ?? {});
	return { call: { name: tool.name, arguments: JSON.stringify(args) } };
}

const id = (prefix) => `${prefix}_${crypto.randomBytes(12).toString('hex')}`;
const usage = { input_tokens: 0, output_tokens: 0, total_tokens: 0 };

function responsesAnswer(body, move) {
	const output = move.call
		? [{ type: 'function_call', id: id('fc'), call_id: id('call'), name: move.call.name, arguments: move.call.arguments, status: 'completed' }]
		: [
				{
					type: 'message',
					id: id('msg'),
					role: 'assistant',
					status: 'completed',
					content: [{ type: 'output_text', text: move.answer, annotations: [] }],
				},
			];
	return {
		id: id('resp'),
		object: 'response',
		created_at: Math.floor(Date.now() / 1000),
		status: 'completed',
		model: body.model,
		output,
		parallel_tool_calls: false,
		tool_choice: 'auto',
		tools: body.tools ?? [],
		usage,
	};
}

function chatAnswer(body, move) {
	const message = move.call
		? { role: 'assistant', content: null, tool_calls: [{ id: id('call'), type: 'function', function: move.call }] }
		: { role: 'assistant', content: move.answer };
	return {
		id: id('chatcmpl'),
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: body.model,
		choices: [{ index: 0, message, finish_reason: move.call ? 'tool_calls' : 'stop', logprobs: null }],
		usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
	};
}

/**
 * @param {{ script?: Array<object | Function>, port?: number, host?: string, log?: (line: string) => void }} [options]
 */
async function startModelServer({ script = [], port = 0, host = '127.0.0.1', log = () => undefined } = {}) {
	const state = { script };
	const requests = [];
	const errors = [];
	const toolResults = [];
	let tools = [];

	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const rawBody = Buffer.concat(chunks).toString('utf8');
			const path = new URL(req.url, 'http://model').pathname.replace(/\/+$/, '');
			const record = { method: req.method, path, headers: req.headers, rawBody, body: parsed(rawBody) };
			requests.push(record);
			const send = (status, payload) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(payload));
			};
			const refuse = (reason) => {
				errors.push({ path, reason });
				log(`scripted model refused ${req.method} ${path}: ${reason}`);
				send(400, { error: { message: `Scripted model: ${reason}`, type: 'invalid_request_error', param: null, code: null } });
			};
			try {
				if (req.method === 'GET' && path === '/v1/models') {
					return send(200, { object: 'list', data: MODELS.map((model) => ({ id: model, object: 'model', created: 0, owned_by: 'scripted' })) });
				}
				const api = { '/v1/responses': 'responses', '/v1/chat/completions': 'chat' }[path];
				if (req.method !== 'POST' || !api) return refuse(`no such endpoint: ${req.method} ${path}`);
				if (!record.body) return refuse('the body is not JSON');
				if (record.body.stream) return refuse('streaming was asked for; the script answers whole responses only');
				const conversation = conversationOf(api, record.body);
				tools = conversation.tools;
				for (const result of conversation.results) {
					if (!toolResults.some((known) => known.callId === result.callId)) toolResults.push(result);
				}
				const move = nextMove(state.script, conversation);
				log(move.call ? `scripted model calls ${move.call.name} ${move.call.arguments}` : `scripted model answers: ${move.answer}`);
				return send(200, api === 'responses' ? responsesAnswer(record.body, move) : chatAnswer(record.body, move));
			} catch (error) {
				return refuse(error instanceof Refusal ? error.message : `the script failed: ${error.message}`);
			}
		});
	});
	const sockets = new Set();
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => resolve(undefined));
	});
	const address = server.address();
	return {
		url: `http://${host}:${address.port}/v1`,
		port: address.port,
		requests,
		errors,
		toolResults,
		/** The tools offered in the latest model call. */
		get tools() {
			return tools;
		},
		/** Plays `script` from the next conversation on. */
		setScript(next) {
			state.script = next;
		},
		reset() {
			requests.length = 0;
			errors.length = 0;
			toolResults.length = 0;
			tools = [];
		},
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise((resolve) => server.close(() => resolve(undefined)));
		},
	};
}

const EMAIL = /[^\s@<>()"',;]+@[^\s@<>()"',;]+\.[a-z]{2,}/i;
const CUSTOMER_ID = /customer_[0-9a-f]{32}/;
const KYC_URL = /https:\/\/[^\s"'\\]+/;

/**
 * The KYC assistant's script: find the customer by the e-mail in the user's message (Get
 * Many), get a fresh KYC link for the customer found (Regenerate KYC Link), answer with it.
 * With no customer found, or no link, it says so.
 */
function kycAssistantScript() {
	return [
		({ input }) => {
			const email = input.match(EMAIL)?.[0];
			return email
				? { tool: /get many/i, arguments: { email } }
				: { answer: 'Which e-mail address does the customer use with SpherePay?' };
		},
		({ results }) => {
			const customerId = results[0].text.match(CUSTOMER_ID)?.[0];
			return customerId
				? { tool: /regenerate/i, arguments: { customerId } }
				: { answer: `I found no SpherePay customer with that e-mail address. SpherePay said: ${results[0].text}` };
		},
		({ results }) => {
			const url = results[1].text.match(KYC_URL)?.[0];
			return { answer: url ? `Here is a new verification link: ${url}` : `I could not get a new link. SpherePay said: ${results[1].text}` };
		},
	];
}

module.exports = { startModelServer, kycAssistantScript, CUSTOMER_ID, KYC_URL };
