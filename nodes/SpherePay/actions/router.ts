import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as customer from './customer/Customer.resource';
import type { OperationCall, OperationModule } from './types';
import { toNodeError, errorOutput } from '../helpers/errors';
import { quote } from '../helpers/text';
import { pacingSettings } from '../helpers/options';
import { createClient, type SpherePayClient } from '../transport';
import { forEachConcurrently } from '../transport/throttle';

const resources: Record<string, { operations: Record<string, OperationModule> }> = { customer };

/**
 * Runs the chosen operation for every input item; output item i is always input item i's
 * result, paired with it. Without Continue On Fail every item is validated before the
 * first request, so one bad row stops the run before anything is created. With it, a
 * bad row only becomes its error item, so requests start as the items are read.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = resources[resource]?.operations[operationName];
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation ${quote(operationName)} of resource ${quote(resource)} is not known`,
		);
	}

	if (items.length === 0) return [[]];

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
	const prepare = (itemIndex: number): OperationCall | undefined => {
		try {
			return operation.prepare.call(this, itemIndex);
		} catch (error) {
			fail(itemIndex, error);
			return undefined;
		}
	};

	let prepared: Array<OperationCall | undefined> | undefined;
	if (!continueOnFail) {
		prepared = items.map((_item, itemIndex) => prepare(itemIndex));
		if (failure.error) throw failure.error;
	}
	const callFor = (itemIndex: number) => (prepared ? prepared[itemIndex] : prepare(itemIndex));

	const pacing = pacingSettings.call(this);
	let client: SpherePayClient;
	try {
		client = await createClient.call(this, pacing);
	} catch (error) {
		// A credential that cannot be used fails every valid item alike.
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			if (callFor(itemIndex)) fail(itemIndex, error);
		}
		if (failure.error) throw failure.error;
		return [results];
	}
	await forEachConcurrently(
		items.length,
		pacing.concurrency,
		async (itemIndex) => {
			const call = callFor(itemIndex);
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
