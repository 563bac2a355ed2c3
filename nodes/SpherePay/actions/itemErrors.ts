import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

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

/**
 * Whether the node runs as an AI agent's tool, whose errors become its answer (as under
 * Continue On Fail) so the agent can read the field and the fix and try again. The AI Agent
 * runs a tool as a node of the workflow marked `rewireOutputLogTo: ai_tool`; the MCP Server
 * Trigger (and agents before version 3) through a sub-node context, where isToolExecution()
 * says so. A thrown error ends the agent's run in n8n 1.x and 2.8; n8n 2.41 passes on only
 * its message, without the fix. On Error set to Stop Workflow keeps it thrown, as in n8n 2.41.
 */
export function errorsAsAnswers(functions: IExecuteFunctions): boolean {
	const node = functions.getNode();
	if (node.onError === 'stopWorkflow') return false;
	// isToolExecution is missing from n8n 1.x.
	const toolExecution = typeof functions.isToolExecution === 'function' && functions.isToolExecution();
	return node.rewireOutputLogTo === NodeConnectionTypes.AiTool || toolExecution;
}
