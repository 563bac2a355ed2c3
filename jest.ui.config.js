/** Editor screenshots in headless Debian Chromium against a real, pinned n8n. @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	testMatch: ['<rootDir>/test/ui/**/*.ui.ts'],
	testTimeout: 120_000,
	maxWorkers: 1,
	forceExit: true,
};
