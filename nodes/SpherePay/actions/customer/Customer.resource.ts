import type { INodeProperties } from 'n8n-workflow';

import * as createTosLink from './createTosLink.operation';
import * as createViaLink from './createViaLink.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as regenerateKycLink from './regenerateKycLink.operation';
import { describeOperations } from '../describe';
import type { OperationModule } from '../types';

/** Every Customer operation; a new one is a new file plus one entry here. */
export const operations: Record<string, OperationModule> = {
	createViaLink,
	createTosLink,
	get,
	getAll,
	regenerateKycLink,
};

/** What a node saved without an operation runs. */
export const DEFAULT_OPERATION = 'createViaLink';

export const description: INodeProperties[] = describeOperations('customer', operations, DEFAULT_OPERATION);
