// Waiting for something another process does: a server to answer, an execution to finish.

/**
 * Asks `condition` every 250 ms until it holds, then resolves true. After `timeoutMs` (or as
 * soon as `child` has exited) it throws, naming `what` and the end of `output()`; with
 * `orFalse` a time-out resolves false instead, for a test that asserts on it.
 * @param {() => boolean | Promise<boolean>} condition
 * @param {{ timeoutMs?: number, what?: string, child?: import('node:child_process').ChildProcess, output?: () => string, orFalse?: boolean }} [options]
 * @returns {Promise<boolean>}
 */
async function until(condition, { timeoutMs = 30_000, what = 'condition', child, output = () => '', orFalse = false } = {}) {
	const deadline = Date.now() + timeoutMs;
	const tail = () => {
		const printed = output().slice(-3000);
		return printed ? `:\n${printed}` : '';
	};
	while (!(await condition())) {
		if (child && child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode})${tail()}`);
		if (Date.now() > deadline) {
			if (orFalse) return false;
			throw new Error(`${what} not ready within ${timeoutMs / 1000} s${tail()}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	return true;
}

module.exports = { until };
