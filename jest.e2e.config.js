/**
 * End-to-end tests against a real, pinned n8n (installed on first use into
 * ~/.cache/n8n-nodes-spherepay). N8N_E2E_VERSIONS picks the versions (default: every pinned version).
 * @type {import('jest').Config}
 */
module.exports = {
	...require('./jest.config'),
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
	testTimeout: 120_000,
	maxWorkers: 1,
};
