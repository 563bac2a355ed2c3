import type { INodeProperties } from 'n8n-workflow';

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
