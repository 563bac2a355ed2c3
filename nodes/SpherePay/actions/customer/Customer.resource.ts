import type { INodeProperties } from 'n8n-workflow';

import * as createViaLink from './createViaLink.operation';
import * as regenerateKycLink from './regenerateKycLink.operation';
import { describeOperations } from '../../helpers/fields';
import type { OperationModule } from '../types';

/** Every Customer operation; a new one is a new file plus one entry here. */
export const operations: Record<string, OperationModule> = {
	createViaLink,
	regenerateKycLink,
};

export const description: INodeProperties[] = describeOperations('customer', operations);
