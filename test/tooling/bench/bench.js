// What every run of `npm run bench` shares: the pinned n8n with this package installed, two
// emulators (one at SpherePay's limit, one open), their credentials, and the ways to run a
// case: a workflow through `n8n execute`, or a raw-axios floor in a process of its own.
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startEmulator } = require('../../emulator');
const { outputOf } = require('../child-process');
const { localSpherePayCredential } = require('../examples');
const host = require('../n8n-host');
const { customerRows, itemsWorkflow } = require('../workflows');

const VERSION = host.DEFAULT_VERSION;
const API_KEY = `sk_bench_${crypto.randomBytes(8).toString('hex')}`;
const LIMIT_PER_SECOND = 100;
const LATENCY_MS = 50;
const LIST_PAGE_SIZE = 100;

const log = (line) => process.stderr.write(`${line}\n`);

/** Peak resident memory of a running process (VmHWM), polled until it exits. */
function watchPeakRss(child) {
	const watch = { bytes: 0 };
	const read = () => {
		try {
			const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
			if (match) watch.bytes = Math.max(watch.bytes, Number(match[1]) * 1024);
		} catch {
			// gone
		}
	};
	const timer = setInterval(read, 100);
	child.on('exit', () => clearInterval(timer));
	return watch;
}

class Bench {
	/** @param {{ repeats: number }} options */
	constructor({ repeats }) {
		this.repeats = repeats;
		this.userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'spherepay-bench-'));
	}

	async setUp() {
		log(`n8n ${VERSION}: preparing (first run installs it, ~5 min)…`);
		await host.ensureN8n(VERSION, { log });
		this.tarball = await host.packPackage();
		await host.installPackage(this.userFolder, this.tarball);
		this.limited = await startEmulator({
			apiKeys: [API_KEY],
			rateLimit: { perSecond: LIMIT_PER_SECOND },
			latencyMs: LATENCY_MS,
			maxPageSize: LIST_PAGE_SIZE,
		});
		this.open = await startEmulator({ apiKeys: [API_KEY] });
		const credentials = [];
		for (const [name, emulator] of [['limited', this.limited], ['open', this.open]]) {
			credentials.push(
				localSpherePayCredential({ apiKey: API_KEY, baseUrl: emulator.url }, { id: `sp-${name}`, name: `sp-${name}` }),
				{ id: `bearer-${name}`, name: `bearer-${name}`, type: 'httpBearerAuth', data: { token: API_KEY } },
			);
		}
		await this.cli(['import:credentials', '--input', this.writeJson('credentials.json', credentials)]);
	}

	/** Runs `fn` once per repeat; returns what each returned. */
	async repeat(label, fn) {
		const results = [];
		for (let i = 0; i < this.repeats; i++) {
			log(`  ${label} ${i + 1}/${this.repeats}`);
			results.push(await fn(i));
		}
		return results;
	}

	/** The workflows a run needs, one per case and repeat, each with its own customers. */
	specsOf(prefix, emulator, count, target) {
		return Array.from({ length: this.repeats }, (_, i) => ({ id: `${prefix}${i}`, emulator, rows: customerRows(count, `${prefix}${i}`), target }));
	}

	writeJson(name, value) {
		const file = path.join(this.userFolder, name);
		fs.writeFileSync(file, JSON.stringify(value));
		return file;
	}

	async cli(cliArgs, onSpawn, nodeArgs = []) {
		const result = await host.runCli(VERSION, this.userFolder, cliArgs, {
			env: { N8N_LOG_LEVEL: 'info', N8N_LOG_OUTPUT: 'console' },
			nodeArgs,
			timeoutMs: 600_000,
			onSpawn,
		});
		if (cliArgs[0].startsWith('import') && result.code !== 0) throw new Error(`${cliArgs[0]} failed:\n${result.stdout}\n${result.stderr}`);
		return result;
	}

	/** Imports every workflow in one CLI call (each call boots n8n). */
	async importWorkflows(specs) {
		const dir = path.join(this.userFolder, 'workflows');
		fs.mkdirSync(dir, { recursive: true });
		for (const { id, rows, target } of specs) {
			fs.writeFileSync(path.join(dir, `${id}.json`), JSON.stringify(itemsWorkflow(id, rows, target)));
		}
		await this.cli(['import:workflow', '--separate', '--input', dir]);
	}

	/** Runs one imported workflow; returns the Target node's figures and output. */
	async runWorkflow({ id, emulator, rows, seed }, { profileDir } = {}) {
		emulator.reset();
		seed?.(emulator);
		let peak;
		const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
		const cli = await this.cli(['execute', '--id', id, '--rawOutput'], (child) => (peak = watchPeakRss(child)), nodeArgs);
		const run = host.parseRunOutput(cli.stdout);
		const task = run?.data?.resultData?.runData?.Target?.[0];
		if (!task) throw new Error(`${id}: no run data for the node under test (exit ${cli.code})\n${cli.stdout.slice(-2000)}\n${cli.stderr.slice(-2000)}`);
		const output = task.data?.main?.[0] ?? [];
		const succeeded = output.filter((item) => item.json?.customerId).length;
		return {
			ms: task.executionTime,
			succeeded,
			failed: rows.length - succeeded,
			created: emulator.customers.size,
			rateLimited: emulator.stats.rateLimited,
			peakRssBytes: peak.bytes,
			// From the node's start to the first request SpherePay received: reading and checking every item.
			firstRequestMs: emulator.requests.length ? performance.timeOrigin + emulator.requests[0].receivedAt - task.startTime : undefined,
			error: task.error?.message,
			output,
		};
	}

	async runAxios(emulator, rows, concurrency) {
		emulator.reset();
		const result = await this.runFloor('floor-create.js', { url: emulator.url, apiKey: API_KEY, rows, concurrency });
		return { ...result, created: emulator.customers.size, rateLimited: emulator.stats.rateLimited };
	}

	/** Reads the seeded list with raw axios (floor-list.js). */
	async runAxiosList(emulator, seed) {
		emulator.reset();
		seed(emulator);
		return await this.runFloor('floor-list.js', { url: emulator.url, apiKey: API_KEY, perSecond: LIMIT_PER_SECOND, pageSize: LIST_PAGE_SIZE });
	}

	/** Runs a raw-axios floor script in a process of its own; returns what it printed. */
	async runFloor(script, input) {
		const file = this.writeJson(`${script}.input.json`, input);
		const child = spawn(process.execPath, [path.join(__dirname, script), file], { stdio: ['ignore', 'pipe', 'inherit'] });
		const { stdout } = await outputOf(child);
		return JSON.parse(stdout);
	}

	async close() {
		await this.limited?.close();
		await this.open?.close();
		fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}

module.exports = { API_KEY, Bench, LATENCY_MS, LIMIT_PER_SECOND, LIST_PAGE_SIZE, VERSION, log };
