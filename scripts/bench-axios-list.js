// The floor for Get Many: the same customer list read with raw axios, no n8n, in a process
// of its own: page 1 (it tells how many pages there are), then every other page at once,
// under the same limit as the SpherePay node (at most `perSecond` requests in any second:
// each permit is used again 1 s after its answer). Retries 429s.
//   node scripts/bench-axios-list.js input.json   ({ url, apiKey, perSecond, pageSize })
const fs = require('node:fs');

const axios = require('axios');

const { url, apiKey, perSecond, pageSize } = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

const client = axios.create({
	baseURL: url,
	headers: { Authorization: `Bearer ${apiKey}` },
	validateStatus: () => true,
	timeout: 60_000,
});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let free = perSecond;
const waiting = [];
const take = async () => {
	if (free > 0) free--;
	else await new Promise((resolve) => waiting.push(resolve));
};
const giveBackInOneSecond = () =>
	setTimeout(() => {
		const next = waiting.shift();
		if (next) next();
		else free++;
	}, 1000);

async function page(number) {
	for (let attempt = 0; attempt < 10; attempt++) {
		await take();
		const response = await client.get('/v2/customer', { params: { page: number, limit: pageSize } });
		giveBackInOneSecond();
		if (response.status === 200) return response.data;
		if (response.status !== 429) throw new Error(`page ${number}: ${response.status}`);
		const retryAfter = Number(response.headers['retry-after']);
		await sleep(Number.isFinite(retryAfter) ? retryAfter * 1000 : 100 * 2 ** attempt);
	}
	throw new Error(`page ${number}: still 429 after 10 attempts`);
}

(async () => {
	const started = process.hrtime.bigint();
	const first = await page(1);
	const rest = await Promise.all(Array.from({ length: first.pagination.totalPages - 1 }, (_, i) => page(i + 2)));
	const ids = [first, ...rest].flatMap((body) => body.customers.map((customer) => customer.id));
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	// A pipe is written asynchronously: exit once the whole answer is out.
	process.stdout.write(`${JSON.stringify({ ms, ids, peakRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`, () => process.exit(0));
})();
