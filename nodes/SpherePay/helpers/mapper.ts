import type {
	FieldType,
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	ResourceMapperField,
} from 'n8n-workflow';

import { FieldValidationError } from './validation';
import { quote } from '../../shared/helpers/text';

/** The resource mapper's parameter name, as n8n's own nodes call it. */
const COLUMNS = 'columns';
/** More ignored columns than this are counted, not named. */
const MAX_LISTED_COLUMNS = 20;

/** Case and spaces do not count when a column name is compared with a field's names. */
const normalize = (name: string) => name.replace(/\s+/g, '').toLowerCase();

/**
 * The fields a resource mapper offers, made from the operation's own properties (their
 * labels, types, options and defaults), in the properties' order.
 */
export function mapperFields(properties: INodeProperties[], names: readonly string[]): ResourceMapperField[] {
	return names.map((name) => {
		const property = properties.find((p) => p.name === name);
		if (!property) throw new Error(`No property named "${name}"`);
		const type: FieldType = property.type === 'options' ? 'options' : 'string';
		return {
			id: name,
			displayName: property.displayName,
			required: property.required === true,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type,
			...(property.options ? { options: property.options as ResourceMapperField['options'] } : {}),
			...(typeof property.default === 'string' && property.default !== '' ? { defaultValue: property.default } : {}),
		};
	});
}

/** The resource mapper parameter for an operation whose fields come from `method`. */
export function mapperProperty(method: string, description: string): INodeProperties {
	return {
		displayName: 'Fields',
		name: COLUMNS,
		type: 'resourceMapper',
		noDataExpression: true,
		required: true,
		default: { mappingMode: 'defineBelow', value: null },
		description,
		typeOptions: {
			resourceMapper: {
				resourceMapperMethod: method,
				mode: 'add',
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
	};
}

/** What one input item gives each field under Map Automatically, and the columns no field takes. */
interface Matched {
	values: Record<string, unknown>;
	ignored: string[];
}

/**
 * Matches an input item's keys to fields. `pointers` maps each field's place in the request
 * body (`/email`, `/address/line1`) to its parameter name; a key matches a field by the last
 * segment of its pointer, by its label or by its parameter name, ignoring case and spaces.
 * Fields under `/address` also match inside an `address` object or as `address.line1`.
 */
export function columnMatcher(
	pointers: ReadonlyMap<string, string>,
	label: (name: string) => string,
): (json: IDataObject) => Matched {
	// Group ('' for top level) → normalized name → parameter name.
	const groups = new Map<string, Map<string, string>>([['', new Map()]]);
	for (const [pointer, name] of pointers) {
		const segments = pointer.split('/').slice(1);
		const leaf = segments.pop() as string;
		const aliases = [leaf, label(name), name].map(normalize);
		const group = segments.join('.').toLowerCase();
		if (!groups.has(group)) groups.set(group, new Map());
		for (const alias of aliases) {
			groups.get('')!.set(alias, name);
			if (group) groups.get(group)!.set(alias, name);
		}
	}

	return (json) => {
		const values: Record<string, unknown> = {};
		const source = new Map<string, string>();
		const ignored: string[] = [];
		const take = (group: string, key: string, column: string, value: unknown) => {
			const name = groups.get(group)?.get(normalize(key));
			if (name === undefined) {
				ignored.push(column);
				return;
			}
			const earlier = source.get(name);
			if (earlier !== undefined) {
				throw new FieldValidationError(
					name,
					`${label(name)} is given by two columns, ${quote(earlier)} and ${quote(column)}`,
					'Remove or rename one of them, or choose Map Each Column Manually.',
				);
			}
			source.set(name, column);
			values[name] = value;
		};
		for (const [key, value] of Object.entries(json)) {
			const group = normalize(key);
			if (group !== '' && groups.has(group) && isObject(value)) {
				for (const [inner, innerValue] of Object.entries(value)) take(group, inner, `${key}.${inner}`, innerValue);
				continue;
			}
			const dot = key.indexOf('.');
			const prefix = dot === -1 ? '' : normalize(key.slice(0, dot));
			if (prefix !== '' && groups.has(prefix)) take(prefix, key.slice(dot + 1), key, value);
			else take('', key, key, value);
		}
		return { values, ignored };
	};
}

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** One item's field values, however the node maps them; `ignored` lists columns no field took. */
export interface MappedItem {
	read(name: string): unknown;
	ignored?: string[];
}

/** Reads one item through the resource mapper: the input item's keys, or the fields mapped below. */
export function readMapped(
	this: IExecuteFunctions,
	itemIndex: number,
	match: (json: IDataObject) => Matched,
): MappedItem {
	if (this.getNodeParameter(`${COLUMNS}.mappingMode`, itemIndex) === 'autoMapInputData') {
		const { values, ignored } = match(this.getInputData()[itemIndex]?.json ?? {});
		return { read: (name) => values[name], ignored };
	}
	// n8n's own type check would refuse what the node accepts and converts (a country as
	// `us`, a postal code as a number) in words of its own: the node's validation decides.
	const values = (this.getNodeParameter(`${COLUMNS}.value`, itemIndex, {}, { skipValidation: true }) ?? {}) as IDataObject;
	return { read: (name) => values[name] };
}

/** The execution hint naming, once per run, the input columns Map Automatically did not send. */
export function ignoredColumnsHint(columns: Set<string>): string {
	const names = [...columns];
	const listed = names.slice(0, MAX_LISTED_COLUMNS).map(quote).join(', ');
	const more = names.length > MAX_LISTED_COLUMNS ? ` and ${names.length - MAX_LISTED_COLUMNS} more` : '';
	return `Not sent to SpherePay, as no field matches them: ${listed}${more}. Map Automatically matches columns by field name or label, ignoring case and spaces.`;
}
