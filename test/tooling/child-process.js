// What a child process printed, whole: n8n's CLI prints a run's data (megabytes for a long
// list) just before it exits, so its output is read until the pipes close, not until it exits.

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

module.exports = { outputOf };
