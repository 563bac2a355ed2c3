import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { FieldValidationError } from '../helpers/validation';
import { spherePayError, type SpherePayErrorDetails } from '../../shared/helpers/spherePayError';

/** Whatever an item's work threw, as an n8n error that carries the item index. */
export function toNodeError(
	node: INode,
	itemIndex: number,
	error: unknown,
): NodeApiError | NodeOperationError {
	// A field value the node refused before any request was sent.
	if (error instanceof FieldValidationError) {
		return spherePayError({ node, itemIndex }, { message: error.message, description: error.fix, details: { field: error.field } });
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}

/** The output item of a failed item under Continue On Fail: the message and the same details as the error. */
export function errorOutput(error: NodeApiError | NodeOperationError): IDataObject {
	const details = (error.context.spherePay ?? {}) as SpherePayErrorDetails;
	return {
		error: error.message,
		...(error.description ? { description: error.description } : {}),
		...details,
	};
}
