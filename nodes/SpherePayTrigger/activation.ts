// What an activation works with: the account the credential reaches, the events to register
// and whether it is the editor listening for a test event.
import type { IHookFunctions } from 'n8n-workflow';

import { accountOf, type AccountCredentials, type SpherePayAccount } from './account';
import { ALL_EVENTS } from './events';
import { CREDENTIAL_TYPE } from '../shared/constants';

/** The account the credential reaches. */
export async function currentAccount(this: IHookFunctions): Promise<SpherePayAccount> {
	return accountOf(await this.getCredentials<AccountCredentials>(CREDENTIAL_TYPE));
}

/** The events to register: `*` alone when it is selected. */
export function eventsToRegister(selected: string[]): string[] {
	return selected.includes(ALL_EVENTS) ? [ALL_EVENTS] : [...new Set(selected)];
}

/** The selected events a webhook that sends `registered` does not send (`*` sends all). */
export function missingEvents(selected: string[], registered: string[]): string[] {
	if (registered.includes(ALL_EVENTS)) return [];
	return eventsToRegister(selected).filter((event) => !registered.includes(event));
}

/**
 * Automatic registration registers the Production URL only: every registration takes one of
 * the account's ten webhooks for good (none can be deleted through the API), and the Test URL
 * of a manual run would need one more. Listening in the editor therefore registers nothing;
 * the trigger panel says where events go instead.
 */
export const isEditorTest = (hooks: IHookFunctions): boolean => hooks.getActivationMode() === 'manual';
