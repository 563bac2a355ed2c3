/**
 * The examples as shipped, run as the editor's "Execute workflow" runs them, in each pinned
 * n8n: onboarding records every link in a data table, and the daily follow-up sends a fresh
 * link only to customers whose verification is still to do, then stores its expiry; verified
 * customers who have not accepted the Terms of Service get a Terms of Service link, once.
 */
import { randomBytes } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { startEmulator } from '../emulator';
import { N8nInstance, versionsUnderTest } from './n8n';
import { startSmtpSink } from '../tooling/smtp-sink';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { KYC_LINKS_TABLE, OWNER, localCredentials, readExamples } = require('../tooling/examples');

const API_KEY = `sk_test_${randomBytes(16).toString('hex')}`;
const DAY_MS = 24 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();
/** "Tuesday, 20 December 2026 (in 28 days)": the date and the whole days left. */
// The examples run in the workflow time zone UTC and say so: a link expiring at 00:09 UTC is not announced for the day before.
const EXPIRY_IN_28_DAYS = /expires on \w+day, \d{1,2} \w+ \d{4} at \d{2}:\d{2} UTC \(in 28 days\)\./;
const EXPIRY_IN_7_DAYS = /expires on \w+day, \d{1,2} \w+ \d{4} at \d{2}:\d{2} UTC \(in 7 days\)\./;
const utcTime = (iso: string) => new Date(iso).toISOString().slice(11, 16);
const KYC_SUBJECT = 'Your new identity verification link';
const TOS_SUBJECT = 'One last step: accept the Terms of Service';

interface Run {
	status: string;
	data: { resultData: { error?: IDataObject; runData: Record<string, unknown> } };
}

/** Success, or the error n8n recorded (so a failure says why). */
const outcome = (run: Run) => ({ status: run.status, error: run.data.resultData.error?.message });

describe.each(versionsUnderTest())('the follow-up loop in a real n8n %s', (version) => {
	const n8n = new N8nInstance(version);
	let emulator: Awaited<ReturnType<typeof startEmulator>>;
	let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
	let tableId: string;
	const rest = () => n8n.rest!;
	const storedRows = async () =>
		((await rest().rows(tableId)) as IDataObject[])
			.map(({ customerId, email, expiresAt, verificationStatus }) => ({ customerId, email, expiresAt, verificationStatus }))
			.sort((a, b) => String(a.email).localeCompare(String(b.email)));
	const posted = (what: string) => emulator.requests.filter((r) => r.method === 'POST' && r.path.endsWith(what)).map((r) => r.path);
	const regenerated = () => posted('/kyc-link');
	const tosLinked = () => posted('/tos-link');
	/** What the Terms of Service half keeps per customer, by e-mail. */
	const storedTos = async () =>
		Object.fromEntries(
			((await rest().rows(tableId)) as IDataObject[]).map(({ email, tosStatus, tosLinkSentAt }) => [
				email,
				{ tosStatus: tosStatus ?? null, linkSent: tosLinkSentAt !== null && tosLinkSentAt !== undefined && tosLinkSentAt !== '' },
			]),
		);
	const read = () => emulator.requests.filter((r) => r.method === 'GET').map((r) => r.path);

	beforeAll(async () => {
		emulator = await startEmulator({ apiKeys: [API_KEY] });
		smtp = await startSmtpSink();
		await n8n.install();
		await n8n.importCredentials(localCredentials({ apiKey: API_KEY, baseUrl: emulator.url, smtpPort: smtp.port }));
		await n8n.startServer(OWNER);
		tableId = await rest().ensureDataTable(KYC_LINKS_TABLE);
		await n8n.importWorkflows(readExamples(tableId));
	}, 30 * 60_000);

	afterEach(async () => {
		expect(emulator.contractViolations).toEqual([]);
		emulator.reset();
		smtp.messages.length = 0;
		await rest().clearRows(tableId);
	});

	afterAll(async () => {
		await n8n.stop();
		await emulator?.close();
		await smtp?.close();
		n8n.cleanup();
	});

	test('"Onboard and e-mail": each customer is created, gets the link by e-mail and is recorded in the data table', async () => {
		const run: Run = await rest().runManually('spherePayOnboard', 'Start');
		expect(outcome(run)).toEqual({ status: 'success', error: undefined });
		const customers = [...emulator.customers.values()];
		expect(customers.map((c) => c.email)).toEqual(['ada.lovelace@example.com', 'accounts@acme-logistics.example']);
		expect(smtp.messages.map((m) => m.to)).toEqual(customers.map((c) => c.email));
		smtp.messages.forEach((message, index) => {
			expect(message.text).toContain(customers[index].links[0].url);
			expect(message.text).toMatch(EXPIRY_IN_28_DAYS);
			expect(message.text).toContain(` at ${utcTime(customers[index].links[0].expiresAt)} UTC (`);
			expect(message.text).not.toMatch(/n8n/i);
		});
		expect(await storedRows()).toEqual(
			customers
				.map((c) => ({ customerId: c.id, email: c.email, expiresAt: c.links[0].expiresAt, verificationStatus: 'incomplete' }))
				.sort((a, b) => a.email.localeCompare(b.email)),
		);
	});

	test('"Expired-link follow-up": a new link only for customers still to verify, a Terms of Service link once for verified ones who have not accepted, the store updated, and a second run the same day sends nothing', async () => {
		const customer = (name: string, status: string, expiresInDays: number, stored = 'incomplete') => {
			const email = `${name}@example.com`;
			const id = emulator.seedLinkCustomer({ email });
			if (status !== 'incomplete') emulator.setVerification(id, status);
			return { customerId: id, email, expiresAt: inDays(expiresInDays), verificationStatus: stored };
		};
		const expired = customer('expired', 'incomplete', -3);
		const expiring = customer('expiring', 'incomplete', 1);
		const later = customer('later', 'incomplete', 10);
		const approved = customer('approved', 'approved', -1);
		const pending = customer('pending', 'pending', -1);
		const rejected = customer('rejected', 'rejected', -1);
		// Known as verified already: only the Terms of Service half reads them.
		const verified = customer('verified', 'approved', 10, 'approved');
		const accepted = customer('accepted', 'approved', 10, 'approved');
		emulator.setTosStatus(accepted.customerId, 'accepted');
		await rest().insertRows(tableId, [expired, expiring, later, approved, pending, rejected, verified, accepted]);

		const first: Run = await rest().runManually('spherePayFollowUp', 'Run now');
		expect(outcome(first)).toEqual({ status: 'success', error: undefined });
		const path = (c: { customerId: string }) => `/v2/customer/${c.customerId}`;
		// Every selected customer is read; the one whose link is good for 10 more days is not.
		// The customer found approved is read again by the Terms of Service half, with the two known as verified.
		expect(read().sort()).toEqual([expired, expiring, approved, pending, rejected, approved, verified, accepted].map(path).sort());
		expect(regenerated().sort()).toEqual([expired, expiring].map((c) => `${path(c)}/kyc-link`).sort());
		expect(tosLinked().sort()).toEqual([approved, verified].map((c) => `${path(c)}/tos-link`).sort());
		const newLink = (c: { customerId: string }) => emulator.customers.get(c.customerId).links.at(-1);
		const tosLink = (c: { customerId: string }) => emulator.customers.get(c.customerId).tosLinks.at(-1);
		expect(smtp.messages.map((m) => `${m.to}: ${m.subject}`).sort()).toEqual(
			[`${expired.email}: ${KYC_SUBJECT}`, `${expiring.email}: ${KYC_SUBJECT}`, `${approved.email}: ${TOS_SUBJECT}`, `${verified.email}: ${TOS_SUBJECT}`].sort(),
		);
		// The node's own output in n8n's run data: the link, paired with its customer.
		const tosRun = first.data.resultData.runData['Create Terms of Service Link'] as Array<{ data: { main: Array<Array<{ json: IDataObject }>> } }>;
		expect(tosRun[0].data.main[0].map((item) => item.json).sort((a, b) => String(a.customerId).localeCompare(String(b.customerId)))).toEqual(
			[approved, verified]
				.map((c) => ({ customerId: c.customerId, url: tosLink(c).link, expiresAt: tosLink(c).expiresAt }))
				.sort((a, b) => a.customerId.localeCompare(b.customerId)),
		);
		for (const message of smtp.messages.filter((m) => m.subject === TOS_SUBJECT)) {
			const who = message.to === approved.email ? approved : verified;
			expect(message.text).toContain(tosLink(who).link);
			expect(message.text).toContain('accept SpherePay\'s Terms of Service');
			expect(message.text).toMatch(EXPIRY_IN_7_DAYS);
			expect(message.text).not.toMatch(/n8n/i);
		}
		for (const message of smtp.messages.filter((m) => m.subject === KYC_SUBJECT)) {
			const who = message.to === expired.email ? expired : expiring;
			expect(message.text).toContain(newLink(who).url);
			expect(message.text).toContain('which has expired or is about to');
			expect(message.text).toMatch(EXPIRY_IN_28_DAYS);
			expect(message.text).not.toMatch(/n8n/i);
		}
		const afterFirst = await storedRows();
		expect(afterFirst).toEqual(
			[
				{ ...approved, verificationStatus: 'approved' },
				{ ...expired, expiresAt: newLink(expired).expiresAt },
				{ ...expiring, expiresAt: newLink(expiring).expiresAt },
				later,
				{ ...pending, verificationStatus: 'pending' },
				{ ...rejected, verificationStatus: 'rejected' },
				verified,
				accepted,
			].sort((a, b) => a.email.localeCompare(b.email)),
		);
		const tosAfterFirst = await storedTos();
		expect(tosAfterFirst).toEqual({
			...Object.fromEntries([expired, expiring, later, pending, rejected].map((c) => [c.email, { tosStatus: null, linkSent: false }])),
			[approved.email]: { tosStatus: 'incomplete', linkSent: true },
			[verified.email]: { tosStatus: 'incomplete', linkSent: true },
			[accepted.email]: { tosStatus: 'accepted', linkSent: false },
		});

		emulator.requests.length = 0;
		smtp.messages.length = 0;
		const second: Run = await rest().runManually('spherePayFollowUp', 'Run now');
		expect(outcome(second)).toEqual({ status: 'success', error: undefined });
		expect(smtp.messages).toEqual([]);
		expect(regenerated()).toEqual([]);
		expect(tosLinked()).toEqual([]);
		// Only the customer under review is asked about again: approved and rejected are done,
		// and the Terms of Service link went out once.
		expect(read()).toEqual([path(pending)]);
		expect(await storedRows()).toEqual(afterFirst);
		expect(await storedTos()).toEqual(tosAfterFirst);
	});
});
