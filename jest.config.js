/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	testMatch: ['<rootDir>/test/**/*.test.ts'],
	testTimeout: 30_000,
	// Engine tests start servers and load n8n-core; keep workers few on small machines.
	maxWorkers: 2,
	// n8n-core arms timers that outlive an execution (SSHClientsManager's 60 s cleanup
	// interval, axios' request timer); end the run explicitly once the tests are done.
	forceExit: true,
	// n8n-core may write its instance settings under N8N_USER_FOLDER: keep them out of $HOME.
	setupFiles: ['<rootDir>/test/setup-env.js'],
};
