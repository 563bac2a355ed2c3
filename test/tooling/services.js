// What n8n's queue mode needs besides n8n: PostgreSQL 15 and Redis from Debian's packages,
// each on loopback and a free port, with its data in a folder of its own, stopped with the
// test or script that started it.
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');

const { spawnLogged } = require('./child-process');
const { freePort, stopProcess } = require('./n8n-host');
const { until } = require('./until');

const execFileAsync = promisify(execFile);

const PG_BIN = '/usr/lib/postgresql/15/bin';
/** Postgres refuses to run as root: as root, it runs as this (Debian's postgresql package creates it). */
const PG_USER = 'postgres';
const REDIS_SERVER = '/usr/bin/redis-server';

const isRoot = () => process.getuid?.() === 0;

/** `command args` as `user` (as root), or as this user. */
const asUser = (user, command, args) => (isRoot() ? ['runuser', ['-u', user, '--', command, ...args]] : [command, args]);

/**
 * Installs Debian's redis-server when it is absent (as root, through apt-get), once.
 * @param {(line: string) => void} log
 */
async function ensureRedis(log) {
	if (fs.existsSync(REDIS_SERVER)) return REDIS_SERVER;
	if (!isRoot()) throw new Error(`${REDIS_SERVER} is missing: install Debian's redis-server (sudo apt-get install -y redis-server)`);
	log('Installing redis-server from Debian (first run only)…');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	await execFileAsync('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], { env, maxBuffer: 64 * 1024 * 1024 }).catch(async () => {
		await execFileAsync('apt-get', ['update'], { env, maxBuffer: 64 * 1024 * 1024 });
		await execFileAsync('apt-get', ['install', '-y', '--no-install-recommends', 'redis-server'], { env, maxBuffer: 64 * 1024 * 1024 });
	});
	if (!fs.existsSync(REDIS_SERVER)) throw new Error('apt-get installed redis-server, but there is no /usr/bin/redis-server');
	return REDIS_SERVER;
}

/** Whether a Redis server at `port` answers PING. */
function redisPing(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		let reply = '';
		socket.setTimeout(1000, () => socket.destroy());
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (chunk) => {
			reply += chunk;
			if (reply.includes('\r\n')) socket.end();
		});
		socket.on('close', () => resolve(reply.startsWith('+PONG')));
		socket.on('error', () => resolve(false));
	});
}

/**
 * Redis on 127.0.0.1 and a free port, nothing saved to disk.
 * @param {{ log?: (line: string) => void }} [options]
 */
async function startRedis({ log = () => undefined } = {}) {
	const binary = await ensureRedis(log);
	const port = await freePort();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spherepay-redis-'));
	const { child, output } = spawnLogged(
		binary,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'],
		log,
	);
	try {
		await until(() => redisPing(port), { what: 'redis-server', child, output });
	} catch (error) {
		await stopProcess(child);
		throw error;
	}
	return {
		host: '127.0.0.1',
		port,
		output,
		async stop() {
			await stopProcess(child);
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

/**
 * PostgreSQL 15 on 127.0.0.1 and a free port, a new cluster in a folder of its own (trust
 * authentication on loopback: nothing else can reach it), with `database` created.
 * Durability is switched off: these databases live for one run.
 * @param {{ database?: string, log?: (line: string) => void }} [options]
 */
async function startPostgres({ database = 'n8n', log = () => undefined } = {}) {
	if (!fs.existsSync(path.join(PG_BIN, 'postgres'))) {
		throw new Error(`${PG_BIN}/postgres is missing: install Debian's postgresql-15 (apt-get install -y postgresql-15)`);
	}
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'spherepay-postgres-'));
	const dataDir = path.join(root, 'data');
	const socketDir = path.join(root, 'socket');
	fs.mkdirSync(socketDir);
	if (isRoot()) {
		fs.chmodSync(root, 0o755);
		await execFileAsync('chown', ['-R', `${PG_USER}:`, root]);
	}
	const user = 'postgres';
	await execFileAsync(...asUser(PG_USER, path.join(PG_BIN, 'initdb'), ['-D', dataDir, '-U', user, '-A', 'trust', '-E', 'UTF8', '--no-sync']));
	const port = await freePort();
	const { child, output } = spawnLogged(
		...asUser(PG_USER, path.join(PG_BIN, 'postgres'), [
			'-D', dataDir,
			'-p', String(port),
			'-h', '127.0.0.1',
			'-k', socketDir,
			'-c', 'fsync=off',
			'-c', 'synchronous_commit=off',
			'-c', 'full_page_writes=off',
			'-c', 'max_connections=200',
			// Errors are n8n's to report (it races itself on workflow statistics, harmlessly).
			'-c', 'log_min_messages=fatal',
		]),
		log,
	);
	const ready = async () =>
		execFileAsync(path.join(PG_BIN, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', user]).then(
			() => true,
			() => false,
		);
	const stop = async () => {
		// A fast shutdown through pg_ctl (runuser does not pass signals on), then the process itself.
		await execFileAsync(...asUser(PG_USER, path.join(PG_BIN, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'fast', '-w'])).catch(() => undefined);
		await stopProcess(child);
		fs.rmSync(root, { recursive: true, force: true });
	};
	try {
		await until(ready, { what: 'postgres', child, output });
		await execFileAsync(path.join(PG_BIN, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, database]);
	} catch (error) {
		await stop();
		throw error;
	}
	return { host: '127.0.0.1', port, user, password: '', database, output, stop };
}

/** Postgres and Redis together, and n8n's settings to reach them (CONVENTIONS §6). */
async function startQueueServices({ log = () => undefined } = {}) {
	const postgres = await startPostgres({ log: (line) => log(`[postgres] ${line}`) });
	let redis;
	try {
		redis = await startRedis({ log: (line) => log(`[redis] ${line}`) });
	} catch (error) {
		await postgres.stop();
		throw error;
	}
	return {
		postgres,
		redis,
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: postgres.host,
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: postgres.database,
			DB_POSTGRESDB_USER: postgres.user,
			DB_POSTGRESDB_PASSWORD: postgres.password,
			QUEUE_BULL_REDIS_HOST: redis.host,
			QUEUE_BULL_REDIS_PORT: String(redis.port),
		},
		async stop() {
			await redis.stop();
			await postgres.stop();
		},
	};
}

module.exports = { ensureRedis, startPostgres, startQueueServices, startRedis };
