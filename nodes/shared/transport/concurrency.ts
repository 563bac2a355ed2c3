/**
 * Calls `task` for 0 … count-1 with at most `concurrency` running at once, in index
 * order. Stops starting new tasks once `stop()` is true. `task` must not throw.
 */
export async function forEachConcurrently(
	count: number,
	concurrency: number,
	task: (index: number) => Promise<void>,
	stop: () => boolean = () => false,
): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < count && !stop()) await task(next++);
	};
	const workers = Math.max(1, Math.min(concurrency, count));
	await Promise.all(Array.from({ length: workers }, worker));
}

/** At most `size` tasks run at once, wherever they come from; waiting tasks start in the order they came. */
export class Slots {
	private free: number;
	private readonly waiting: Array<() => void> = [];

	constructor(size: number) {
		this.free = Math.max(1, size);
	}

	async run<T>(task: () => Promise<T>): Promise<T> {
		if (this.free > 0) this.free--;
		else await new Promise<void>((resolve) => this.waiting.push(resolve));
		try {
			return await task();
		} finally {
			// The slot passes straight to the next waiting task, so none can jump the queue.
			const next = this.waiting.shift();
			if (next) next();
			else this.free++;
		}
	}
}
