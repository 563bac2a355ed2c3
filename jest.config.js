/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	testMatch: ['<rootDir>/test/**/*.test.ts'],
	testTimeout: 30_000,
	// Engine tests start servers and load n8n-core; keep workers few on small machines.
	maxWorkers: 2,
};
