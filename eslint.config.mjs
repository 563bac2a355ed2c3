import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

import communityNodes from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';

// The eslint-plugin-n8n-nodes-base rulesets n8n's verification scanner adds (community,
// credentials, nodes, with its own exceptions), taken from the scanner itself so that this
// lint reports what the scanner would, before the scanner does.
const { scannerEntry } = createRequire(import.meta.url)('./test/tooling/scanner.js');
const { buildScanConfig } = await import(pathToFileURL(scannerEntry()).href);
const scannerRules = (await buildScanConfig()).filter(
	(block) => block.plugins?.['n8n-nodes-base'] || Object.keys(block.rules ?? {}).some((rule) => rule.startsWith('n8n-nodes-base/')),
);

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'gulpfile.js', 'jest.config.js'] },
	// What n8n checks before it lists a community package, on the shipped code and package.json.
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
		extends: [communityNodes.configs.recommended],
		languageOptions: { parser: tseslint.parser },
		rules: { 'no-console': 'error' },
	},
	...scannerRules,
	// TypeScript rules everywhere, tests and tooling included.
	{
		files: ['**/*.ts'],
		extends: [tseslint.configs.recommended],
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
		},
	},
	{
		files: ['scripts/**/*.js', 'test/**/*.js'],
		languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', console: 'readonly', process: 'readonly' } },
	},
);
