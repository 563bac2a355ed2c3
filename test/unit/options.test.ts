import type { IExecuteFunctions } from 'n8n-workflow';

import { pacingSettings, type Options } from '../../nodes/SpherePay/helpers/options';
import { requestSettings } from '../../nodes/shared/transport/retry';

const pacing = (options: Options) =>
	pacingSettings.call({ getNodeParameter: () => options } as unknown as IExecuteFunctions);

describe('options from expressions are kept within what the timers can do', () => {
	test.each([
		[{}, 60_000],
		[{ timeout: 1.5 }, 1500],
		[{ timeout: 3_000_000 }, 600_000],
		[{ timeout: 0.0001 }, 1],
		[{ timeout: -1 }, 60_000],
		[{ timeout: 'soon' }, 60_000],
	])('timeout %j → %d ms', (options, expected) => {
		expect(requestSettings(options as Options).timeoutMs).toBe(expected);
	});

	test.each([
		[{}, 3],
		[{ maxRetries: 50 }, 10],
		[{ maxRetries: 1.5 }, 3],
	])('retries %j → %d', (options, expected) => {
		expect(requestSettings(options as Options).retries).toBe(expected);
	});

	test.each([
		[{}, 25, 100],
		[{ concurrency: 1000, requestsPerSecond: 0 }, 100, 0],
		[{ concurrency: 2.7, requestsPerSecond: 0.000001 }, 2, 0.01],
		[{ concurrency: 0, requestsPerSecond: -3 }, 25, 100],
	])('pacing %j → concurrency %d, %d per second', (options, concurrency, requestsPerSecond) => {
		expect(pacing(options as Options)).toEqual({ concurrency, requestsPerSecond });
	});
});
