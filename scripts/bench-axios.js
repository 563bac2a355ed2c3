// The floor: the same Create Customer via Link calls with raw axios, no n8n, in a
// process of its own (so its memory is its own). Retries 429s so that every item ends
// with a customer, as the SpherePay node's run must.
//   node scripts/bench-axios.js input.json   ({ url, apiKey, rows: […], concurrency })
const fs = require('node:fs');

const axios = require('axios');

const { url, apiKey, rows, concurrency } = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

const client = axios.create({
	baseURL: url,
	headers: { Authorization: `Bearer ${apiKey}` },
	validateStatus: () => true,
	timeout: 60_000,
});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function create(row) {
	for (let attempt = 0; attempt < 10; attempt++) {
		const response = await client.post('/v2/customer/kyc-link', bodyOf(row));
		if (response.status === 201) return true;
		if (response.status !== 429) return false;
		const retryAfter = Number(response.headers['retry-after']);
		await sleep(Number.isFinite(retryAfter) ? retryAfter * 1000 : 100 * 2 ** attempt);
	}
	return false;
}

function bodyOf(row) {
	return {
		type: 'individual',
		email: row.email,
		phone: row.phone,
		address: { line1: row.line1, city: row.city, state: row.state, postalCode: row.postalCode, country: 'USA' },
	};
}

(async () => {
	const started = process.hrtime.bigint();
	let next = 0;
	let succeeded = 0;
	const worker = async () => {
		while (next < rows.length) if (await create(rows[next++])) succeeded++;
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	process.stdout.write(
		`${JSON.stringify({ ms, succeeded, failed: rows.length - succeeded, peakRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`,
	);
	process.exit(0);
})();
