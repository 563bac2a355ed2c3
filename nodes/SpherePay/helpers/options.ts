import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_RETRIES, DEFAULT_TIMEOUT_SECONDS, MAX_RETRIES, MAX_TIMEOUT_SECONDS } from '../../shared/constants';
import { numberOr } from '../../shared/helpers/number';

/** Enough requests in flight to reach 100/s with round trips of up to 250 ms. */
const DEFAULT_CONCURRENCY = 25;
/** SpherePay's documented limit. The shared throttle's permits make it a ceiling no second can exceed (see RequestThrottle). */
const DEFAULT_REQUESTS_PER_SECOND = 100;
const MAX_CONCURRENCY = 100;
/** One request every 100 s: slower rates would overflow Node's timers. */
const MIN_REQUESTS_PER_SECOND = 0.01;

const SHARED_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		default: DEFAULT_CONCURRENCY,
		typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
		description:
			'How many requests may be waiting for SpherePay at once. Output items always keep the order of the input items. Read from the first item.',
	},
	{
		displayName: 'Requests per Second',
		name: 'requestsPerSecond',
		type: 'number',
		default: DEFAULT_REQUESTS_PER_SECOND,
		typeOptions: { minValue: 0, numberPrecision: 2 },
		description:
			'Shared by every workflow in this n8n process using this API key (reads and writes apart, retries included; the lowest setting in use applies); a 429 lowers it for a while. SpherePay allows 100 (the sandbox fewer); 0 sets no limit. Read from the first item.',
	},
	{
		displayName: 'Retries',
		name: 'maxRetries',
		type: 'number',
		default: DEFAULT_RETRIES,
		typeOptions: { minValue: 0, maxValue: MAX_RETRIES },
		description:
			'Retries after a 429 or when SpherePay could not be reached; reads and new links also after server errors and time-outs, creates never (nothing is created twice)',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		default: DEFAULT_TIMEOUT_SECONDS,
		typeOptions: { minValue: 1, maxValue: MAX_TIMEOUT_SECONDS },
		description: 'The longest one request may take, from sending it to the last byte of the answer',
	},
];

/** An operation's Options collection: the options every operation shares, plus its own. */
export function requestOptions(own: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [...SHARED_OPTIONS, ...own].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

export interface Options {
	timeout?: number;
	maxRetries?: number;
	concurrency?: number;
	requestsPerSecond?: number;
	idempotencyKey?: unknown;
}

/** One read per item: each getNodeParameter call evaluates the collection's expressions again. */
export function readOptions(this: IExecuteFunctions, itemIndex: number): Options {
	return this.getNodeParameter('options', itemIndex, {}) as Options;
}

interface PacingSettings {
	concurrency: number;
	requestsPerSecond: number;
}

/** How many requests may wait for SpherePay at once, as `options` ask: a whole number, 1 to MAX_CONCURRENCY. */
export function concurrencyOf(options: Options): number {
	const concurrency = numberOr(options.concurrency, DEFAULT_CONCURRENCY, (n) => n >= 1);
	return Math.min(Math.floor(concurrency), MAX_CONCURRENCY);
}

/** For the whole run, like the HTTP Request node's batching: from the first item. */
export function pacingSettings(this: IExecuteFunctions): PacingSettings {
	const options = readOptions.call(this, 0);
	const requestsPerSecond = numberOr(options.requestsPerSecond, DEFAULT_REQUESTS_PER_SECOND, (n) => n >= 0);
	return {
		concurrency: concurrencyOf(options),
		requestsPerSecond: requestsPerSecond === 0 ? 0 : Math.max(requestsPerSecond, MIN_REQUESTS_PER_SECOND),
	};
}
