// The floor: the same Create Customer via Link calls with raw axios, no n8n, in a
// process of its own (so its memory is its own). Retries 429s so that every item ends
// with a customer, as the SpherePay node's run must.
//   node test/tooling/bench/floor-create.js input.json   ({ url, apiKey, rows: […], concurrency })
const { clientFor, readInput, report, untilNot429 } = require('./axios-floor');

const input = readInput();
const { rows, concurrency } = input;
const client = clientFor(input);

function bodyOf(row) {
	return {
		type: 'individual',
		email: row.email,
		phone: row.phone,
		address: { line1: row.line1, city: row.city, state: row.state, postalCode: row.postalCode, country: 'USA' },
	};
}

const create = async (row) => (await untilNot429(() => client.post('/v2/customer/kyc-link', bodyOf(row)))).status === 201;

(async () => {
	const started = process.hrtime.bigint();
	let next = 0;
	let succeeded = 0;
	const worker = async () => {
		while (next < rows.length) if (await create(rows[next++])) succeeded++;
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	report({ ms, succeeded, failed: rows.length - succeeded });
})();
