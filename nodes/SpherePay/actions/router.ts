import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as customer from './customer/Customer.resource';
import type { OperationCall, OperationModule } from './types';
import { toNodeError, errorOutput } from '../helpers/errors';
import { pacingSettings } from '../helpers/options';
import { createClient, type SpherePayClient } from '../transport';
import { forEachConcurrently } from '../transport/throttle';

const resources: Record<string, { operations: Record<string, OperationModule> }> = { customer };

/**
 * Runs the chosen operation for every input item. Every item is validated before the
 * first request, then requests go out concurrently under the rate limit; output item i
 * is always input item i's result, paired with it.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = resources[resource]?.operations[operationName];
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operationName}" of resource "${resource}" is not known`,
		);
	}

	const continueOnFail = this.continueOnFail();
	const results: INodeExecutionData[] = new Array(items.length);
	// Without Continue On Fail, the failure of the lowest item index is the node's error.
	const failure: { itemIndex: number; error?: Error } = { itemIndex: Infinity };
	const fail = (itemIndex: number, error: unknown) => {
		const nodeError = toNodeError(this.getNode(), itemIndex, error);
		if (continueOnFail) {
			results[itemIndex] = { json: errorOutput(nodeError), pairedItem: { item: itemIndex } };
		} else if (itemIndex < failure.itemIndex) {
			Object.assign(failure, { itemIndex, error: nodeError });
		}
	};

	// Bad input anywhere stops the run before a single customer is created.
	const calls: Array<OperationCall | undefined> = new Array(items.length);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			calls[itemIndex] = operation.prepare.call(this, itemIndex);
		} catch (error) {
			fail(itemIndex, error);
		}
	}
	if (failure.error) throw failure.error;
	if (!calls.some(Boolean)) return [results];

	const pacing = pacingSettings.call(this);
	let client: SpherePayClient;
	try {
		client = await createClient.call(this, pacing);
	} catch (error) {
		// A credential that cannot be used fails every item alike.
		calls.forEach((call, itemIndex) => call && fail(itemIndex, error));
		if (failure.error) throw failure.error;
		return [results];
	}
	await forEachConcurrently(
		items.length,
		pacing.concurrency,
		async (itemIndex) => {
			const call = calls[itemIndex];
			if (!call) return;
			try {
				const json = call.read(await client.send(call));
				results[itemIndex] = { json, pairedItem: { item: itemIndex } };
			} catch (error) {
				fail(itemIndex, error);
			}
		},
		// After a failure without Continue On Fail, start nothing new.
		() => failure.error !== undefined,
	);
	if (failure.error) throw failure.error;
	return [results];
}
