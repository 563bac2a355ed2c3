import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as customer from './customer/Customer.resource';
import type { OperationModule, PreparedItem } from './types';
import { ignoredColumnsHint } from '../helpers/mapper';
import { pacingSettings, readOptions } from '../helpers/options';
import { errorOutput, errorsAsAnswers, toNodeError } from './itemErrors';
import type { ResponseContext } from '../../shared/helpers/spherePayError';
import { quote, redact } from '../../shared/helpers/text';
import { CREDENTIAL_TYPE } from '../../shared/constants';
import { createClient, type SpherePayClient, type SpherePayRequest } from '../../shared/transport';
import { itemPolicy, type RetryPolicy } from '../../shared/transport/retry';
import { forEachConcurrently, Slots } from '../../shared/transport/throttle';

const resources: Record<string, { operations: Record<string, OperationModule> }> = { customer };

/** An item ready to send: its work, and the error context and retry policy its requests use. */
interface ReadyItem {
	run: PreparedItem['run'];
	context: ResponseContext;
	policy: RetryPolicy;
}

/**
 * Runs the chosen operation for every input item; each item's output items (one, or a
 * list operation's many) are paired with it and keep the input order. Without Continue On
 * Fail every item is validated before the first request, so one bad row stops the run
 * before anything is created. With it, a bad row only becomes its error item, so requests
 * start as the items are read. Retries, time-outs and the throttle apply to every request.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operations = Object.hasOwn(resources, resource) ? resources[resource].operations : {};
	const operation = Object.hasOwn(operations, operationName) ? operations[operationName] : undefined;
	if (!operation) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation ${quote(operationName)} of resource ${quote(resource)} is not known`,
		);
	}
	return await runOperation.call(this, operation);
}

/** Runs `operation` for every input item (see router). */
export async function runOperation(this: IExecuteFunctions, operation: OperationModule): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	if (items.length === 0) return [[]];

	// An agent's tool answers with its errors, and its answers go to a model: never the API key.
	const asTool = errorsAsAnswers(this);
	const continueOnFail = this.continueOnFail() || asTool;
	const apiKey = asTool ? await apiKeyOf.call(this) : '';
	const results: INodeExecutionData[][] = new Array(items.length);
	// Without Continue On Fail, the failure of the lowest item index is the node's error.
	const failure: { itemIndex: number; error?: Error } = { itemIndex: Infinity };
	const fail = (itemIndex: number, error: unknown) => {
		const nodeError = toNodeError(this.getNode(), itemIndex, error);
		if (continueOnFail) {
			results[itemIndex] = [{ json: errorOutput(nodeError), pairedItem: { item: itemIndex } }];
		} else if (itemIndex < failure.itemIndex) {
			Object.assign(failure, { itemIndex, error: nodeError });
		}
	};
	// Columns no field took, named once for the whole run.
	const ignoredColumns = new Set<string>();
	const prepare = (itemIndex: number): ReadyItem | undefined => {
		try {
			// Each getNodeParameter call evaluates the collection's expressions again: read once.
			const options = readOptions.call(this, itemIndex);
			const prepared = operation.prepare.call(this, { itemIndex, options });
			for (const column of prepared.ignoredColumns ?? []) ignoredColumns.add(column);
			return {
				run: prepared.run,
				context: { node: this.getNode(), itemIndex, ...prepared.errors },
				policy: itemPolicy(options, operation.repeatable),
			};
		} catch (error) {
			fail(itemIndex, error);
			return undefined;
		}
	};

	const finish = () => {
		if (ignoredColumns.size > 0) {
			this.addExecutionHints({ message: ignoredColumnsHint(ignoredColumns), location: 'outputPane' });
		}
		if (failure.error) throw failure.error;
		const output = results.flat();
		return [apiKey ? output.map((item) => ({ ...item, json: redact(item.json, apiKey) })) : output];
	};

	let prepared: Array<ReadyItem | undefined> | undefined;
	if (!continueOnFail) {
		prepared = items.map((_item, itemIndex) => prepare(itemIndex));
		if (failure.error) throw failure.error;
	}
	const itemFor = (itemIndex: number) => (prepared ? prepared[itemIndex] : prepare(itemIndex));

	const pacing = pacingSettings.call(this);
	let client: SpherePayClient;
	try {
		client = await createClient.call(this, pacing);
	} catch (error) {
		// A credential that cannot be used fails every valid item alike.
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			if (itemFor(itemIndex)) fail(itemIndex, error);
		}
		return finish();
	}
	// An item may send several requests at once (Get Many's pages): the Concurrency
	// option bounds the requests of all items together, not only how many items run.
	const slots = new Slots(pacing.concurrency);
	const send = async (request: SpherePayRequest, context: ResponseContext, policy: RetryPolicy) =>
		await slots.run(async () => await client.send(request, context, policy));
	try {
		await forEachConcurrently(
			items.length,
			pacing.concurrency,
			async (itemIndex) => {
				const item = itemFor(itemIndex);
				if (!item) return;
				const { context, policy } = item;
				try {
					const output = await item.run({ context, send: async (request) => await send(request, context, policy) });
					results[itemIndex] = (Array.isArray(output) ? output : [output]).map((json) => ({
						json,
						pairedItem: { item: itemIndex },
					}));
				} catch (error) {
					fail(itemIndex, error);
				}
			},
			// After a failure without Continue On Fail, start nothing new.
			() => failure.error !== undefined,
		);
	} finally {
		client.close();
	}
	return finish();
}

/** The credential's API key as requests send it, or '' when there is none to read (the run then fails on it). */
async function apiKeyOf(this: IExecuteFunctions): Promise<string> {
	try {
		const credentials = await this.getCredentials<{ apiKey?: string }>(CREDENTIAL_TYPE, 0);
		return String(credentials.apiKey ?? '').trim();
	} catch {
		return '';
	}
}
