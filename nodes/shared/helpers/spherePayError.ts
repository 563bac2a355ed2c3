import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ProblemDetails } from './problem';

export interface FieldProblem {
	field: string;
	pointer?: string;
	detail: string;
}

/** What a failed item carries, in its error and (with Continue On Fail) in its output. */
export interface SpherePayErrorDetails extends IDataObject {
	httpCode?: number;
	/** `unknown` when the request may have taken effect although no answer says so. */
	outcome?: 'unknown';
	code?: string;
	correlationId?: string;
	fieldErrors?: FieldProblem[];
	field?: string;
	/** SpherePay refused the Idempotency-Key because a request already used it. */
	idempotencyKeyReused?: boolean;
	/** Where a redirect (3xx) pointed; it was not followed. */
	location?: string;
}

/** Whose error it is: the node, and the input item (absent for requests that serve the editor, such as a picker's search). */
interface ErrorTarget {
	node: INode;
	itemIndex?: number;
}

export interface ResponseContext extends ErrorTarget {
	/** Maps a JSON pointer into the request body (`/address/country`) to the field's label. */
	labelForPointer: (pointer: string) => string | undefined;
	/** Labels for path parameters (`id` → `Customer ID`). */
	labelForParameter?: (parameter: string) => string | undefined;
	/** What a 404 means for this operation, where SpherePay's own detail says too little. */
	notFound?: { message: string; fix: string };
	/**
	 * What an error answer (other than a refused key) means for this request, when it can
	 * tell: e.g. a refusal that names an account limit. Undefined leaves the usual message.
	 */
	explain?: (status: number, problem: ProblemDetails | undefined) => { message: string; fix: string } | undefined;
	/**
	 * For requests that are not repeated blindly (they create something): what may have
	 * happened when the answer was lost ("the customer may or may not have been created"),
	 * and how to find out.
	 */
	unknownOutcome?: { clause: string; check: string };
	/** Set when the request carried an Idempotency-Key: what the first request with it may have done, and how to check. */
	idempotencyKey?: { check: string };
}

const withItem = (message: string, itemIndex?: number) =>
	itemIndex === undefined ? message : `${message} [item ${itemIndex}]`;

export function unknownOutcomeAdvice(check: string) {
	return `It was not sent again, because a second request could do it twice. ${check}`;
}

interface ErrorParts {
	/** Without the item: the builder adds it. */
	message: string;
	description?: string;
	details: SpherePayErrorDetails;
}

/** An answer came (an error status, a redirect, a malformed 2xx): its status and the body n8n keeps and logs. */
interface Answered {
	status: number;
	body: JsonObject;
}

/**
 * The one way the package's errors are made. With an answer it is a NodeApiError carrying
 * its status; without one (nothing answered, or a value was refused before sending) a
 * NodeOperationError. Either way the message names the item, and `details` go with the
 * error and into a Continue On Fail output item.
 */
export function spherePayError(target: ErrorTarget, parts: ErrorParts & Answered): NodeApiError;
export function spherePayError(target: ErrorTarget, parts: ErrorParts): NodeOperationError;
export function spherePayError(
	{ node, itemIndex }: ErrorTarget,
	{ message: text, description, details, ...answer }: ErrorParts & Partial<Answered>,
): NodeApiError | NodeOperationError {
	const message = withItem(text, itemIndex);
	const error =
		answer.status === undefined
			? new NodeOperationError(node, message, { itemIndex, description })
			: new NodeApiError(node, answer.body ?? { status: answer.status }, {
					message,
					description,
					httpCode: String(answer.status),
					itemIndex,
				});
	error.context.spherePay = details;
	// n8n rewrites a message that merely contains a system error code ("…EPERM…") into a
	// generic sentence; messages here come from SpherePay or this package, so set them last.
	error.message = message;
	return error;
}
