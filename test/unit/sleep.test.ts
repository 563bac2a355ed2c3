/** Waiting in an n8n whose n8n-workflow has no sleepWithAbort (2.41): sleep, raced with the abort signal. */
function loadWithoutNativeSleep(): typeof import('../../nodes/shared/transport/sleep') {
	let loaded: typeof import('../../nodes/shared/transport/sleep') | undefined;
	jest.isolateModules(() => {
		jest.doMock('n8n-workflow', () => {
			const rest: Record<string, unknown> = { ...jest.requireActual('n8n-workflow') };
			delete rest.sleepWithAbort;
			return rest;
		});
		loaded = jest.requireActual<typeof import('../../nodes/shared/transport/sleep')>('../../nodes/shared/transport/sleep');
	});
	return loaded!;
}

describe('sleepWithAbort without n8n-workflow’s', () => {
	afterEach(() => jest.useRealTimers());

	test('waits the time given', async () => {
		jest.useFakeTimers();
		const { sleepWithAbort } = loadWithoutNativeSleep();
		let done = false;
		const waiting = sleepWithAbort(1000).then(() => (done = true));
		await jest.advanceTimersByTimeAsync(999);
		expect(done).toBe(false);
		await jest.advanceTimersByTimeAsync(1);
		await waiting;
		expect(done).toBe(true);
	});

	test('rejects with the signal’s reason when aborted, before or during the wait', async () => {
		jest.useFakeTimers();
		const { sleepWithAbort } = loadWithoutNativeSleep();
		const before = new AbortController();
		before.abort(new Error('cancelled before'));
		await expect(sleepWithAbort(1000, before.signal)).rejects.toThrow('cancelled before');
		const during = new AbortController();
		const waiting = sleepWithAbort(60_000, during.signal);
		during.abort(new Error('cancelled during'));
		await expect(waiting).rejects.toThrow('cancelled during');
	});
});
