// The floor for Get Many: the same customer list read with raw axios, no n8n, in a process
// of its own: page 1 (it tells how many pages there are), then every other page at once,
// under the same limit as the SpherePay node (at most `perSecond` requests in any second:
// each permit is used again 1 s after its answer). Retries 429s.
//   node test/tooling/bench/floor-list.js input.json   ({ url, apiKey, perSecond, pageSize })
const { clientFor, readInput, report, untilNot429 } = require('./axios-floor');

const input = readInput();
const { perSecond, pageSize } = input;
const client = clientFor(input);

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
	const response = await untilNot429(async () => {
		await take();
		try {
			return await client.get('/v2/customer', { params: { page: number, limit: pageSize } });
		} finally {
			giveBackInOneSecond();
		}
	});
	if (response.status !== 200) throw new Error(`page ${number}: ${response.status}`);
	return response.data;
}

(async () => {
	const started = process.hrtime.bigint();
	const first = await page(1);
	const rest = await Promise.all(Array.from({ length: first.pagination.totalPages - 1 }, (_, i) => page(i + 2)));
	const ids = [first, ...rest].flatMap((body) => body.customers.map((customer) => customer.id));
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	report({ ms, ids });
})();
