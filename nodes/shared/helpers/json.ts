import type { IDataObject } from 'n8n-workflow';

/** A JSON object: not null, not an array. */
export const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** A text that is there: a string, not empty. */
export const nonEmpty = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** A list of texts, or nothing. */
export const strings = (value: unknown): string[] | undefined =>
	Array.isArray(value) && value.every((entry) => typeof entry === 'string') ? (value as string[]) : undefined;
