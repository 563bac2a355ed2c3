// What a child process printed, whole. n8n's CLI prints a run's data (megabytes for a long
// list) and then calls process.exit(): what a pipe has not yet taken by then is lost, so its
// output goes to files, which take every write at once.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/**
 * Resolves with the child's exit code and everything it wrote to stdout and stderr (a stream
 * not piped reads as ''), once it has exited and both streams are drained ('close': 'exit'
 * can come while output is still in the pipes). After `timeoutMs` the child is killed.
 * @param {import('node:child_process').ChildProcess} child
 * @param {{ timeoutMs?: number }} [options]
 * @returns {Promise<{ code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string }>}
 */
function outputOf(child, { timeoutMs } = {}) {
	return new Promise((resolve, reject) => {
		let stdout = '';
		let stderr = '';
		child.stdout?.setEncoding('utf8');
		child.stderr?.setEncoding('utf8');
		child.stdout?.on('data', (chunk) => (stdout += chunk));
		child.stderr?.on('data', (chunk) => (stderr += chunk));
		const timer = timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr });
		});
	});
}

/**
 * Runs `command` to completion with its stdout and stderr written to files, then read back:
 * whole even when it exits the moment it has printed. `onSpawn` gets the child (its pid).
 * @param {string} command
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, timeoutMs?: number, onSpawn?: (child: import('node:child_process').ChildProcess) => void }} [options]
 */
async function runToEnd(command, args, { env, timeoutMs, onSpawn = () => undefined } = {}) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spherepay-output-'));
	const files = ['stdout', 'stderr'].map((name) => path.join(dir, name));
	const fds = files.map((file) => fs.openSync(file, 'w'));
	try {
		const child = spawn(command, args, { env, stdio: ['ignore', ...fds] });
		onSpawn(child);
		const { code, signal } = await outputOf(child, { timeoutMs });
		const [stdout, stderr] = files.map((file) => fs.readFileSync(file, 'utf8'));
		return { code, signal, stdout, stderr };
	} finally {
		for (const fd of fds) fs.closeSync(fd);
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * Starts a long-running child (a server) whose output is passed to `log` line by line and
 * kept whole for error messages.
 * @returns {{ child: import('node:child_process').ChildProcess, output: () => string }}
 */
function spawnLogged(command, args, log, options = {}) {
	const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	const collect = (chunk) => {
		output += chunk;
		for (const line of String(chunk).split('\n')) if (line.trim()) log(line);
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	return { child, output: () => output };
}

module.exports = { outputOf, runToEnd, spawnLogged };
