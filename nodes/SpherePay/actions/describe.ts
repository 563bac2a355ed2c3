import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from './types';

/**
 * The Operation dropdown for a resource, followed by each operation's fields shown only for
 * it. The default is named, not taken from the list's order: saved workflows that never set
 * an operation run the default, so listing a new operation first must not change it.
 */
export function describeOperations(
	resource: string,
	operations: Record<string, OperationModule>,
	defaultOperation: string,
): INodeProperties[] {
	const modules = Object.values(operations);
	if (!modules.some((module) => module.option.value === defaultOperation)) {
		throw new Error(`The default operation "${defaultOperation}" is not among the ${resource} operations`);
	}
	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options: modules.map((module) => module.option),
			default: defaultOperation,
		},
		...modules.flatMap((module) =>
			updateDisplayOptions({ show: { resource: [resource], operation: [module.option.value] } }, module.properties),
		),
	];
}
