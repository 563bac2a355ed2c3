/**
 * The helpers every CLI call and bench floor reads its output through (n8n's `execute
 * --rawOutput` prints a whole run, megabytes for a long list, then calls process.exit()).
 */
import { spawn } from 'node:child_process';

import { outputOf, runToEnd } from '../tooling/child-process';

const RECORDS = 60_000;

/** A script printing RECORDS records as one JSON document (about 100 bytes each, 6 MB in all). */
const PRINT_JSON = `
const rows = Array.from({ length: ${RECORDS} }, (_, i) => ({ id: 'customer_' + String(i).padStart(32, '0'), email: 'list.' + i + '@example.com', n: i }));
process.stdout.write(JSON.stringify(rows));`;

const node = (script: string) => spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });

function expectEveryRecord(stdout: string) {
	expect(stdout.length).toBeGreaterThan(5_000_000);
	const rows = JSON.parse(stdout) as Array<{ n: number }>;
	expect(rows.length).toBe(RECORDS);
	expect(rows.every((row, i) => row.n === i)).toBe(true);
}

test('several MB on stdout arrive whole, every record in order', async () => {
	const { code, stdout, stderr } = await outputOf(node(PRINT_JSON));
	expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
	expectEveryRecord(stdout);
});

test('output still in the pipe when the process exits arrives whole', async () => {
	// The process exits at once; what it started goes on writing to the stdout it inherited.
	const script = `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(PRINT_JSON)}], { stdio: ['ignore', 'inherit', 'inherit'] }).unref();`;
	const { code, stdout, stderr } = await outputOf(node(script));
	expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
	expectEveryRecord(stdout);
});

test('a process that exits the moment it has printed several MB, as n8n does, loses nothing', async () => {
	const { code, stdout, stderr } = await runToEnd(process.execPath, ['-e', `${PRINT_JSON}\nprocess.exit(0);`]);
	expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
	expectEveryRecord(stdout);
});

test('runToEnd keeps stderr and the exit code, hands over the child and kills it after timeoutMs', async () => {
	const failing = await runToEnd(process.execPath, ['-e', 'process.stderr.write("x".repeat(3_000_000)); process.exit(3);']);
	expect({ code: failing.code, stdout: failing.stdout, stderrLength: failing.stderr.length }).toEqual({ code: 3, stdout: '', stderrLength: 3_000_000 });
	let pid: number | undefined;
	const killed = await runToEnd(process.execPath, ['-e', 'setInterval(() => undefined, 1000)'], { timeoutMs: 200, onSpawn: (child) => (pid = child.pid) });
	expect(killed).toMatchObject({ code: null, signal: 'SIGKILL' });
	expect(pid).toBeGreaterThan(0);
});

test('stderr and the exit code of a failing child are kept', async () => {
	const { code, stdout, stderr } = await outputOf(node('process.stderr.write("x".repeat(3_000_000)); process.exitCode = 3;'));
	expect({ code, stdout, stderrLength: stderr.length }).toEqual({ code: 3, stdout: '', stderrLength: 3_000_000 });
});

test('a stream that is not piped reads as empty', async () => {
	const child = spawn(process.execPath, ['-e', 'process.stdout.write("{}")'], { stdio: ['ignore', 'pipe', 'inherit'] });
	expect(await outputOf(child)).toEqual({ code: 0, signal: null, stdout: '{}', stderr: '' });
});

test('a child still running after timeoutMs is killed', async () => {
	expect(await outputOf(node('setInterval(() => undefined, 1000)'), { timeoutMs: 200 })).toMatchObject({ code: null, signal: 'SIGKILL' });
});

test('a command that cannot start rejects', async () => {
	await expect(outputOf(spawn('/nonexistent/spherepay-command', [], { stdio: ['ignore', 'pipe', 'pipe'] }))).rejects.toThrow(/ENOENT/);
});
