// What the raw-axios floors of `npm run bench` share: a client for the emulator, SpherePay's
// 429s waited out as the node waits them out, and the result on stdout for the bench.
const fs = require('node:fs');

const axios = require('axios');

/** The input file the bench wrote, named by the first argument. */
const readInput = () => JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

const clientFor = ({ url, apiKey }) =>
	axios.create({
		baseURL: url,
		headers: { Authorization: `Bearer ${apiKey}` },
		validateStatus: () => true,
		timeout: 60_000,
	});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The first answer that is not a 429, waiting `Retry-After` (or backing off) between tries; at most 10 tries. */
async function untilNot429(send) {
	let response;
	for (let attempt = 0; attempt < 10; attempt++) {
		response = await send();
		if (response.status !== 429) return response;
		const retryAfter = Number(response.headers['retry-after']);
		await sleep(Number.isFinite(retryAfter) ? retryAfter * 1000 : 100 * 2 ** attempt);
	}
	return response;
}

/** Prints `result` with the process's peak memory, then exits once the pipe has it all. */
function report(result) {
	const line = `${JSON.stringify({ ...result, peakRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`;
	process.stdout.write(line, () => process.exit(0));
}

module.exports = { clientFor, readInput, report, untilNot429 };
