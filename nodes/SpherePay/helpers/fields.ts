import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from '../actions/types';
import type { Field } from './validation';

/**
 * Looks fields up by parameter name, so each label is written once, in the property. A
 * parameter defined once per node version is named by its first definition.
 */
export function fieldsOf(properties: INodeProperties[]): (name: string) => Field {
	const labels = new Map<string, string>();
	for (const property of properties) if (!labels.has(property.name)) labels.set(property.name, property.displayName);
	return (name) => {
		const label = labels.get(name);
		if (label === undefined) throw new Error(`No property named "${name}"`);
		return { name, label };
	};
}

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
