import { createHmac } from 'node:crypto';

import fc from 'fast-check';
import type { INodeProperties } from 'n8n-workflow';

import { SpherePayApi } from '../../credentials/SpherePayApi.credentials';
import { accountOf, openSecret, sealSecret } from '../../nodes/SpherePayTrigger/account';
import { keyFingerprint } from '../../nodes/shared/helpers/fingerprint';
import { admit, deliveryKey, REMEMBERED_DELIVERIES, REMEMBERED_IN_PROCESS } from '../../nodes/SpherePayTrigger/events';
import { eventsToRegister, missingEvents } from '../../nodes/SpherePayTrigger/activation';
import { verifySignature } from '../../nodes/SpherePayTrigger/signature';
import { SpherePayTrigger } from '../../nodes/SpherePayTrigger/SpherePayTrigger.node';

const trigger = new SpherePayTrigger();
const { description } = trigger;
const property = (name: string) => description.properties.find((p) => p.name === name) as INodeProperties;

/** API-NOTES "Webhooks": SpherePay's customer events. */
const DOCUMENTED_EVENTS = [
	'customer.create',
	'customer.update',
	'customer.kyc.pending',
	'customer.kyc.successful',
	'customer.kyc.rejected',
	'customer.kyc.additionalReviewRequired',
	'customer.tos.pending',
	'customer.tos.successful',
];

describe('public contract (saved workflows depend on these names)', () => {
	test('node name, display name, credentials', () => {
		expect(description.name).toBe('spherePayTrigger');
		expect(description.displayName).toBe('SpherePay Trigger');
		// One credential for both modes: Manual reads the signing secret from it, as n8n's Stripe Trigger does.
		expect(description.credentials).toEqual([{ name: 'spherePayApi', required: true }]);
		const secret = new SpherePayApi().properties.find((p) => p.name === 'webhookSecret');
		expect(secret).toMatchObject({ displayName: 'Webhook Signing Secret', type: 'string', typeOptions: { password: true }, default: '' });
		expect(secret?.required).toBeUndefined();
	});

	test('the parameters are Registration (Automatic by default, or Manual), two notices, Events and Options: no switch turns verification off', () => {
		expect(description.properties.map((p) => p.name)).toEqual(['registration', 'automaticNotice', 'manualNotice', 'events', 'options']);
		expect(property('options').options).toEqual([
			expect.objectContaining({ name: 'maxEventAgeHours', type: 'number', default: 72, typeOptions: { minValue: 1 } }),
		]);
		expect(property('registration')).toMatchObject({ type: 'options', default: 'automatic', noDataExpression: true });
		expect(property('registration').options?.map((o) => (o as { value: string }).value)).toEqual(['automatic', 'manual']);
		expect(property('automaticNotice').displayOptions?.show).toEqual({ registration: ['automatic'] });
		expect(property('manualNotice').displayOptions?.show).toEqual({ registration: ['manual'] });
	});

	test('Events: every documented customer event and Any Event (*), named in a builder’s words, each listed in the nodes panel as “On …”', () => {
		const events = property('events');
		expect(events).toMatchObject({ type: 'multiOptions', required: true, default: [] });
		const options = events.options as Array<{ name: string; value: string; action?: string; description?: string }>;
		expect(options.map((o) => o.value).sort()).toEqual(['*', ...DOCUMENTED_EVENTS].sort());
		expect(options.find((o) => o.value === '*')).toMatchObject({ name: 'Any Event', action: 'On any event' });
		expect(options.find((o) => o.value === 'customer.kyc.successful')).toMatchObject({ name: 'Verification Approved', action: 'On verification approved' });
		expect(options.find((o) => o.value === 'customer.kyc.additionalReviewRequired')).toMatchObject({ name: 'Additional Review Required' });
		for (const option of options) {
			// Words, not codes: the code is in the description; n8n's panel hides an option named "*".
			expect(option.name).toMatch(/^[A-Z][A-Za-z ]+$/);
			expect(option.action).toBe(`On ${option.name.toLowerCase()}`);
			expect(option.description).toContain(`(${option.value})`);
		}
		expect(options.map((o) => o.name)).toEqual(options.map((o) => o.name).sort((a, b) => a.localeCompare(b)));
	});

	test('the notices say what happens on unpublishing and deletion, where the dashboard setting is, and where test events go', () => {
		const automatic = property('automaticNotice').displayName;
		// n8n 2.x says Publish, 1.x Activate: both words, never “activate” alone.
		expect(automatic).toContain('Publishing (activating) the workflow registers');
		expect(automatic).toContain('unpublishing keeps it and publishing again reuses it');
		expect(automatic).toContain('After deleting this workflow, delete its webhook in the SpherePay dashboard (Settings → Webhooks');
		expect(automatic).toContain('to see them while building, publish the workflow and open its executions, or choose Registration: Manual');
		expect(automatic).not.toMatch(/(?<!\()activat/i);
		expect(property('manualNotice').displayName).toContain('Settings → Webhooks');
	});

	test('the subtitle names the selected events as the Events list does', () => {
		const options = property('events').options as Array<{ name: string; value: string }>;
		const names = Object.fromEntries(options.map(({ value, name }) => [value, name]));
		expect(description.subtitle).toBe(`={{ ($parameter["events"] || []).map((event) => (${JSON.stringify(names)})[event] || event).join(", ") }}`);
	});

	test('the trigger panel (the Test button) says before listening that Automatic registration sends events to the Production URL only', () => {
		const panel = description.triggerPanel as { header: string; executionsHelp: { inactive: string; active: string }; activationHint: string };
		expect(panel.executionsHelp.inactive).toContain('SpherePay sends events to the Production URL only, once the workflow is published (activated)');
		expect(panel.executionsHelp.inactive).toContain('choose Registration: Manual and add this node’s Test URL');
		expect(panel.executionsHelp.active).toContain('Production URL only');
		expect(panel.activationHint).toContain('Automatic registration: SpherePay sends events to the Production URL only, once the workflow is published (activated)');
		expect(panel.activationHint).toContain('choose Registration: Manual and add this node’s Test URL');
	});
});

describe('n8n’s trigger conventions', () => {
	test('a trigger group, no inputs, one main output, not usable as a tool', () => {
		expect(description.group).toEqual(['trigger']);
		expect(description.inputs).toEqual([]);
		expect(description.outputs).toEqual(['main']);
		expect(description).not.toHaveProperty('usableAsTool');
		expect(description.subtitle).toBeTruthy();
	});

	test('one POST webhook, answered on receipt, at <base>/webhook/<webhookId>/webhook', () => {
		expect(description.webhooks).toEqual([{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }]);
	});

	test('all three webhook methods', () => {
		expect(Object.keys(trigger.webhookMethods.default).sort()).toEqual(['checkExists', 'create', 'delete']);
		expect(Object.values(trigger.webhookMethods.default).every((fn) => typeof fn === 'function')).toBe(true);
	});
});

describe('verifySignature', () => {
	const sign = (secret: string, payload: string) => createHmac('sha256', secret).update(payload).digest('hex');
	const secret = fc.string({ minLength: 1, maxLength: 40 });
	const json = fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer(), fc.boolean()), { maxKeys: 5 });

	test('the HMAC of the raw body or of JSON.stringify(parsed) is accepted; as a Buffer or a string', () => {
		fc.assert(
			fc.property(secret, json, (key, body) => {
				const raw = JSON.stringify(body, null, 2);
				expect(verifySignature(key, sign(key, raw), Buffer.from(raw), body)).toBe(true);
				expect(verifySignature(key, sign(key, raw), raw, body)).toBe(true);
				expect(verifySignature(key, sign(key, JSON.stringify(body)), Buffer.from(raw), body)).toBe(true);
			}),
		);
	});

	test('another secret, one changed character, another length, or no header: refused', () => {
		fc.assert(
			fc.property(secret, json, fc.nat(63), (key, body, at) => {
				const raw = JSON.stringify(body);
				const good = sign(key, raw);
				const flipped = `${good.slice(0, at)}${good[at] === '0' ? '1' : '0'}${good.slice(at + 1)}`;
				expect(verifySignature(`${key}x`, good, raw, body)).toBe(false);
				expect(verifySignature(key, flipped, raw, body)).toBe(false);
				expect(verifySignature(key, good.slice(0, at), raw, body)).toBe(false);
				expect(verifySignature(key, `${good}0`, raw, body)).toBe(false);
				expect(verifySignature(key, undefined, raw, body)).toBe(false);
				expect(verifySignature(key, [good, good], raw, body)).toBe(false);
			}),
		);
	});

	test('an empty secret verifies nothing', () => {
		expect(verifySignature('', sign('', '{}'), '{}', {})).toBe(false);
	});
});

describe('registered events', () => {
	test('* alone when selected; duplicates once', () => {
		expect(eventsToRegister(['customer.create', '*'])).toEqual(['*']);
		expect(eventsToRegister(['customer.create', 'customer.create'])).toEqual(['customer.create']);
	});

	test('a webhook covers a selection when it sends every selected event; * covers all, and only * covers *', () => {
		expect(missingEvents(['customer.create'], ['*'])).toEqual([]);
		expect(missingEvents(['customer.create'], ['customer.create', 'customer.update'])).toEqual([]);
		expect(missingEvents(['customer.create', 'customer.kyc.pending'], ['customer.create'])).toEqual(['customer.kyc.pending']);
		expect(missingEvents(['*'], ['customer.create'])).toEqual(['*']);
	});
});

describe('signing secrets at rest', () => {
	const account = accountOf({ apiKey: ' sk_test_one\n', environment: 'sandbox' });

	test('sealed, the secret opens only with the same API key, base URL and webhook', () => {
		const sealed = sealSecret(account, 'webhook_1', 'secret_abc');
		expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
		expect(sealed).not.toContain('secret_abc');
		expect(openSecret(accountOf({ apiKey: 'sk_test_one', environment: 'sandbox' }), 'webhook_1', sealed)).toBe('secret_abc');
		expect(openSecret(accountOf({ apiKey: 'sk_test_two', environment: 'sandbox' }), 'webhook_1', sealed)).toBeUndefined();
		expect(openSecret(accountOf({ apiKey: 'sk_test_one', environment: 'production' }), 'webhook_1', sealed)).toBeUndefined();
		expect(openSecret(account, 'webhook_2', sealed)).toBeUndefined();
		const [version, iv, body, tag] = sealed.split('.');
		const flipped = Buffer.from(body, 'base64url');
		flipped[0] ^= 1;
		expect(openSecret(account, 'webhook_1', [version, iv, flipped.toString('base64url'), tag].join('.'))).toBeUndefined();
		expect(openSecret(account, 'webhook_1', 'secret_abc')).toBeUndefined();
	});

	test('the account is the base URL and a 16-hex fingerprint of the trimmed key, never the key', () => {
		expect(account).toEqual({ origin: 'https://api.sandbox.spherepay.co', keyFingerprint: expect.stringMatching(/^[0-9a-f]{16}$/), apiKey: 'sk_test_one' });
		expect(accountOf({ apiKey: 'k', environment: 'custom', baseUrl: ' http://127.0.0.1:4010// ' }).origin).toBe('http://127.0.0.1:4010');
		expect(accountOf({ apiKey: 'k' }).origin).toBe('https://api.spherepay.co');
		expect(keyFingerprint('sk_test_one')).not.toBe(keyFingerprint('sk_test_two'));
	});
});

describe('deliveries remembered in the n8n process', () => {
	const now = Date.now();
	/** Static data already holding a full list, as n8n hands it back for a busy trigger. */
	const full = (node: number) => ({
		seenDeliveries: Array.from({ length: REMEMBERED_DELIVERIES }, (_, i) => [deliveryKey({ id: `event_${node}_${i}` }, ''), Math.floor(now / 1000) - 10 - i]),
	});
	const event = (node: number) => ({ id: `event_${node}_new`, created: new Date(now).toISOString() });

	test(`at most ${REMEMBERED_IN_PROCESS.toLocaleString('en-US')} across triggers: the least recently used trigger's are forgotten first`, () => {
		const triggers = REMEMBERED_IN_PROCESS / REMEMBERED_DELIVERIES + 1;
		for (let node = 0; node < triggers; node++) expect(admit(full(node), `wf/${node}`, event(node), '', 72, now)).toBe('new');
		// Static data as it was before (n8n 2.41's cached copy): only the process can know.
		expect(admit({}, `wf/${triggers - 1}`, event(triggers - 1), '', 72, now)).toBe('repeated');
		expect(admit({}, 'wf/0', event(0), '', 72, now)).toBe('new');
	});
});
