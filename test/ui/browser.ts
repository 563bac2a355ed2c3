/** Debian's Chromium, headless and offline, signed in to an n8n editor as its owner. */
import { chromium, type Browser, type Page } from 'playwright-core';

export async function signedInEditor(
	editorUrl: string,
	owner: { email: string; password: string },
	viewport: { width: number; height: number },
): Promise<{ browser: Browser; page: Page }> {
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		// Without the background-networking flags Chromium's connections are refused on this closed network.
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
	});
	const page = await browser.newPage({ viewport });
	await page.goto(`${editorUrl}/signin`);
	await page.fill('input[name="emailOrLdapLoginId"]', owner.email);
	await page.fill('input[name="password"]', owner.password);
	await page.click('[data-test-id="form-submit-button"]');
	await page.waitForURL(/\/home\//);
	return { browser, page };
}
