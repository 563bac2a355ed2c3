import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { loadPackage, PACKAGE_DIR } from './harness';

const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8'));

/** What `npm pack` would publish: its files and the tarball's size in bytes. */
const packed = (): { files: { path: string }[]; size: number } =>
	JSON.parse(
		execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
			cwd: PACKAGE_DIR,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		}),
	)[0];

describe('the package as n8n installs it', () => {
	test('npm pack ships only dist/ (plus package.json, README, LICENSE) and no runtime dependencies', () => {
		const pack = packed();
		const files: string[] = pack.files.map((f: { path: string }) => f.path);
		const outsideDist = files.filter((f) => !f.startsWith('dist/'));
		expect(outsideDist.sort()).toEqual(['LICENSE.md', 'README.md', 'package.json']);
		expect(files).toEqual(expect.arrayContaining([
			'dist/nodes/SpherePay/SpherePay.node.js',
			'dist/nodes/SpherePay/SpherePay.node.json',
			'dist/nodes/SpherePay/spherePay.svg',
			'dist/nodes/SpherePay/spherePay.dark.svg',
			'dist/credentials/SpherePayApi.credentials.js',
			'dist/nodes/SpherePayTrigger/SpherePayTrigger.node.js',
			'dist/nodes/SpherePayTrigger/SpherePayTrigger.node.json',
		]));
		expect(files.some((f) => f.endsWith('.map') || f.includes('/test/'))).toBe(false);
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.n8n).toMatchObject({ n8nNodesApiVersion: 1, strict: true });
	});

	// publish.yml adds package.json's repository field: about 40 bytes once packed.
	test('the tarball as published, README included, is at most 40 kB', () => {
		expect(packed().size + 100).toBeLessThanOrEqual(40_000);
	});

	test('the bundle is the same whatever the checkout folder is called (its exports are not named after it)', () => {
		const bundle = fs.readFileSync(path.join(PACKAGE_DIR, pkg.main), 'utf8');
		expect(bundle).toMatch(/^var spherepay_exports = \{\};$/m);
		expect(bundle).not.toContain(path.basename(PACKAGE_DIR).replace(/\W/g, '_') + '_exports');
	});

	test('the README, the npm page, stays a short read: depth lives in docs/, which is not shipped', () => {
		const readme = fs.readFileSync(path.join(PACKAGE_DIR, 'README.md'), 'utf8');
		expect(readme.split('\n').length).toBeLessThanOrEqual(250);
		expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(12_000);
		expect(pkg.files).not.toContain('docs');
	});

	test('require("n8n-nodes-spherepay") on the packed tarball gives the node and credential classes', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spherepay-require-'));
		try {
			const [{ filename }] = JSON.parse(
				execFileSync('npm', ['pack', '--pack-destination', dir, '--json', '--ignore-scripts'], {
					cwd: PACKAGE_DIR,
					encoding: 'utf8',
					stdio: ['ignore', 'pipe', 'ignore'],
				}),
			);
			// Installed as an application would have it, next to its peer n8n-workflow.
			const installed = path.join(dir, 'node_modules', 'n8n-nodes-spherepay');
			fs.mkdirSync(installed, { recursive: true });
			execFileSync('tar', ['-xzf', path.join(dir, filename), '-C', installed, '--strip-components=1']);
			fs.symlinkSync(path.join(PACKAGE_DIR, 'node_modules', 'n8n-workflow'), path.join(dir, 'node_modules', 'n8n-workflow'));
			// eslint-disable-next-line @typescript-eslint/no-require-imports -- what a CommonJS user writes
			const exported = require(require.resolve('n8n-nodes-spherepay', { paths: [dir] }));
			expect(Object.keys(exported).sort()).toEqual(['SpherePay', 'SpherePayApi', 'SpherePayTrigger']);
			expect(new exported.SpherePay().description.name).toBe('spherePay');
			expect(new exported.SpherePayTrigger().description.name).toBe('spherePayTrigger');
			expect(new exported.SpherePayApi().name).toBe('spherePayApi');
			expect(pkg.main).toBe('dist/spherepay.js');
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	test('n8n’s loader finds the node, its codex and both icons, and the credential', async () => {
		const loader = await loadPackage();
		const { description } = loader.getNode('spherePay').type as unknown as { description: Record<string, unknown> };
		expect(description.iconUrl).toEqual({
			light: 'icons/n8n-nodes-spherepay/dist/nodes/SpherePay/spherePay.svg',
			dark: 'icons/n8n-nodes-spherepay/dist/nodes/SpherePay/spherePay.dark.svg',
		});
		expect(description.codex).toEqual({
			categories: ['Finance & Accounting'],
			alias: expect.arrayContaining(['KYC']),
			resources: {
				primaryDocumentation: [
					{ url: 'https://docs.spherepay.co/api-reference/customer/kyc-link' },
					{ url: 'https://docs.spherepay.co/api-reference/customer/kyc' },
				],
				credentialDocumentation: [{ url: 'https://www.npmjs.com/package/n8n-nodes-spherepay#credentials' }],
			},
		});
		const credential = loader.credentialTypes.spherePayApi.type as unknown as Record<string, unknown>;
		expect(credential.iconUrl).toEqual({
			light: 'icons/n8n-nodes-spherepay/dist/nodes/SpherePay/spherePay.svg',
			dark: 'icons/n8n-nodes-spherepay/dist/nodes/SpherePay/spherePay.dark.svg',
		});
		for (const icon of Object.values(description.iconUrl as Record<string, string>)) {
			const file = path.join(PACKAGE_DIR, icon.replace('icons/n8n-nodes-spherepay/', ''));
			expect(fs.readFileSync(file, 'utf8')).toMatch(/^<svg [^>]*viewBox="0 0 60 60"/);
		}
		expect(loader.known.credentials.spherePayApi.supportedNodes).toEqual(['spherePay', 'spherePayTrigger']);
	});

	test('the trigger: loaded with its codex, the SpherePay icons, and the SpherePay API credential', async () => {
		const loader = await loadPackage();
		const { description } = loader.getNode('spherePayTrigger').type as unknown as { description: Record<string, unknown> };
		expect(description.iconUrl).toEqual({
			light: 'icons/n8n-nodes-spherepay/dist/nodes/SpherePay/spherePay.svg',
			dark: 'icons/n8n-nodes-spherepay/dist/nodes/SpherePay/spherePay.dark.svg',
		});
		expect(description.codex).toMatchObject({ categories: ['Finance & Accounting'], alias: expect.arrayContaining(['KYC']) });
		expect([...(loader.known.credentials.spherePayApi.supportedNodes ?? [])].sort()).toEqual(['spherePay', 'spherePayTrigger']);
	});
});
