// n8n's verification scanner (@n8n/scan-community-package), installed once into its own
// folder in the cache: it brings its own eslint and plugins and wants n8n-workflow 2, and
// it and eslint-plugin-n8n-nodes-base refuse npm in a preinstall (`npx only-allow pnpm`),
// so they are installed with --ignore-scripts, never as this package's devDependencies.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { cacheRoot } = require('./n8n-host');

const SCANNER_VERSION = '0.32.0';

/** Installs the scanner if needed; returns its node_modules folder. */
function ensureScanner() {
	const dir = path.join(cacheRoot(), `scan-community-package-${SCANNER_VERSION}`);
	const modules = path.join(dir, 'node_modules');
	const marker = path.join(dir, '.installed');
	if (!fs.existsSync(marker) || !fs.existsSync(path.join(modules, '@n8n', 'scan-community-package'))) {
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'spherepay-scanner-host', private: true }));
		process.stderr.write(`Installing @n8n/scan-community-package@${SCANNER_VERSION} into ${dir} (first run only)…\n`);
		execFileSync(
			'npm',
			['install', '--ignore-scripts', '--no-audit', '--no-fund', `@n8n/scan-community-package@${SCANNER_VERSION}`],
			{ cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] },
		);
		fs.writeFileSync(marker, new Date().toISOString());
	}
	return modules;
}

/** The scanner's own module (analyzePackage, SOURCE_FILE_PATTERNS, buildScanConfig). */
function scannerEntry() {
	return path.join(ensureScanner(), '@n8n', 'scan-community-package', 'scanner', 'scanner.mjs');
}

module.exports = { SCANNER_VERSION, ensureScanner, scannerEntry };
