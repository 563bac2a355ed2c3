import { sleep, sleepWithAbort as n8nSleepWithAbort } from 'n8n-workflow';

type SleepWithAbort = (ms: number, signal?: AbortSignal) => Promise<void>;

// n8n-workflow 2.41 no longer exports sleepWithAbort (only sleep): a run there failed its
// items as soon as the throttle or a retry had to wait. (There the import is undefined.)
const native = n8nSleepWithAbort as SleepWithAbort | undefined;

/** Waits `ms`, or until `signal` aborts (then rejects, as n8n's sleepWithAbort does). */
export const sleepWithAbort: SleepWithAbort =
	native ??
	(async (ms, signal) => {
		if (signal?.aborted) throw signal.reason;
		let onAbort: (() => void) | undefined;
		const aborted = new Promise<never>((_resolve, reject) => {
			onAbort = () => reject(signal?.reason);
			signal?.addEventListener('abort', onAbort, { once: true });
		});
		try {
			await Promise.race([sleep(ms), aborted]);
		} finally {
			if (onAbort) signal?.removeEventListener('abort', onAbort);
		}
	});
