/** Editor screenshots in headless Debian Chromium against a real, pinned n8n. @type {import('jest').Config} */
module.exports = {
	...require('./jest.config'),
	testMatch: ['<rootDir>/test/ui/**/*.ui.ts'],
	testTimeout: 120_000,
	maxWorkers: 1,
};
