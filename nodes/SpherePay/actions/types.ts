import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

import type { Options } from '../helpers/options';
import type { ResponseContext } from '../../shared/helpers/spherePayError';
import type { SpherePayRequest, SpherePayResponse } from '../../shared/transport';

/** One input item, as the router hands it to an operation. */
export interface ItemInput {
	itemIndex: number;
	/** The item's Options collection, read once. */
	options: Options;
}

/** What an operation's requests for one item go through. */
interface ItemApi {
	/** The item's error context: its node and index, and what the operation said about its errors. */
	context: ResponseContext;
	/**
	 * Sends one request with the item's retries and time-out, under the run's throttle;
	 * returns the 2xx answer or throws SpherePay's error.
	 */
	send(request: SpherePayRequest): Promise<SpherePayResponse>;
}

/** An item whose parameters are read and valid: nothing has been sent yet. */
export interface PreparedItem {
	/** What the item's errors should say, beyond the node and item index. */
	errors: Omit<ResponseContext, 'node' | 'itemIndex'>;
	/** Input columns the item's fields were not read from (Map Automatically): the run names them once. */
	ignoredColumns?: string[];
	/** Sends the item's requests (one or many) and returns its output item or items. */
	run(api: ItemApi): Promise<IDataObject | IDataObject[]>;
}

/** One operation: its entry in the Operation dropdown, its fields, and its work for one item. */
export interface OperationModule {
	option: INodePropertyOptions & { value: string; action: string };
	properties: INodeProperties[];
	/**
	 * Whether sending a request twice is harmless. If not (it creates something), only
	 * failures that prove it was not processed are retried: 429 and "never reached".
	 */
	repeatable: boolean;
	/** Reads and validates one item's parameters. Throws before anything is sent. */
	prepare(this: IExecuteFunctions, item: ItemInput): PreparedItem;
}
