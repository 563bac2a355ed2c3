#!/usr/bin/env node
// npm run scan: n8n's verification scanner (@n8n/scan-community-package), offline, as n8n
// runs it before it verifies a package: on the source checkout (SOURCE_FILE_PATTERNS) and
// on the unpacked `npm pack` tarball (**/*.js and package.json). Expects a fresh build.
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { promisify } = require('node:util');

const host = require('../test/tooling/n8n-host');
const { SCANNER_VERSION, scannerEntry } = require('../test/tooling/scanner');

const execFileAsync = promisify(execFile);

/** Packs the built package (no rebuild) and unpacks it; returns the folder. */
async function unpackedTarball() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spherepay-scan-'));
	const { stdout } = await execFileAsync('npm', ['pack', '--pack-destination', dir, '--json', '--ignore-scripts'], { cwd: host.ROOT });
	const [{ filename }] = JSON.parse(stdout);
	const unpacked = path.join(dir, 'package');
	fs.mkdirSync(unpacked);
	await execFileAsync('tar', ['-xzf', path.join(dir, filename), '-C', unpacked, '--strip-components=1']);
	return { dir, unpacked };
}

/**
 * A package with two known violations: a scanner that finds nothing in it is not checking
 * anything (ESLint rules silently do nothing in some set-ups), and a pass would mean nothing.
 */
async function canaryFails(analyzePackage, patterns) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spherepay-scan-canary-'));
	fs.mkdirSync(path.join(dir, 'nodes', 'Canary'), { recursive: true });
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		JSON.stringify({ name: 'n8n-nodes-canary', version: '0.0.1', license: 'MIT', keywords: ['n8n-community-node-package'], n8n: { n8nNodesApiVersion: 1, nodes: ['dist/nodes/Canary/Canary.node.js'] } }),
	);
	fs.writeFileSync(
		path.join(dir, 'nodes', 'Canary', 'Canary.node.ts'),
		`import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
export class Canary implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Canary', name: 'canary', icon: 'file:canary.svg', group: ['transform'], version: 1,
		description: 'Checks the scanner', defaults: { name: 'Canary' }, inputs: ['main'], outputs: ['main'],
		properties: [
			{ displayName: 'Resource', name: 'resource', type: 'options', noDataExpression: true, options: [{ name: 'Thing', value: 'thing' }], default: 'thing' },
			{ displayName: 'Operation', name: 'operation', type: 'options', noDataExpression: true, options: [{ name: 'Get', value: 'get', action: 'Get a thing' }] },
		],
	};
}
`,
	);
	const result = await analyzePackage(dir, patterns);
	fs.rmSync(dir, { recursive: true, force: true });
	const details = result.details ?? '';
	return !result.passed && details.includes('node-class-description-missing-subtitle') && details.includes('node-param-default-missing');
}

async function main() {
	if (!fs.existsSync(path.join(host.ROOT, 'dist'))) throw new Error('No dist/: run npm run build first.');
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(scannerEntry()).href);
	if (!(await canaryFails(analyzePackage, SOURCE_FILE_PATTERNS))) {
		console.error('The scanner passed a package with known violations: it is not checking anything.');
		process.exit(1);
	}
	const tarball = await unpackedTarball();
	const legs = [
		['source checkout', host.ROOT, SOURCE_FILE_PATTERNS],
		['packed tarball', tarball.unpacked, ['**/*.js', 'package.json']],
	];
	let failed = 0;
	for (const [name, dir, patterns] of legs) {
		const result = await analyzePackage(dir, patterns);
		console.log(`scan (@n8n/scan-community-package ${SCANNER_VERSION}), ${name}: ${result.passed ? 'passed' : 'FAILED'}${result.message ? ` (${result.message})` : ''}`);
		if (!result.passed) {
			failed++;
			console.log(result.details ?? '');
		}
	}
	fs.rmSync(tarball.dir, { recursive: true, force: true });
	process.exit(failed ? 1 : 0);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
