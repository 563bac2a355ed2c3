import fs from 'node:fs';
import path from 'node:path';

import YAML from 'yaml';

const root = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

interface Step {
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
}
interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, { steps: Step[]; strategy?: { matrix?: Record<string, unknown[]> } }>;
}

const load = (name: string): Workflow =>
	YAML.parse(fs.readFileSync(path.join(root, '.github', 'workflows', name), 'utf8'), { strict: true, uniqueKeys: true });
const commands = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps.map((step) => step.run).filter(Boolean)) as string[];

describe('GitHub workflows', () => {
	test('every `npm run X` they use is a script of package.json', () => {
		for (const name of ['ci.yml', 'publish.yml']) {
			for (const command of commands(load(name))) {
				for (const [, script] of command.matchAll(/npm run ([\w:-]+)/g)) expect({ name, script, exists: script in pkg.scripts }).toEqual({ name, script, exists: true });
			}
		}
	});

	test('ci.yml: on pull requests and pushes to main, install, build, lint, scan and test on Node 20 and 24', () => {
		const ci = load('ci.yml');
		expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
		expect(ci.on.push).toEqual({ branches: ['main'] });
		expect(ci.jobs.test.strategy?.matrix?.['node-version']).toEqual([20, 24]);
		expect(commands(ci)).toEqual(['npm ci', 'npm run build', 'npm run lint', 'npm run scan', 'npx jest']);
	});

	test('publish.yml: on a version tag, with an OIDC token, checks everything, then publishes with provenance', () => {
		const publish = load('publish.yml');
		expect(publish.on).toEqual({ push: { tags: ['v*.*.*'] } });
		expect(publish.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
		const run = commands(publish);
		expect(run.at(-1)).toBe('npm publish --provenance --access public');
		for (const command of ['npm ci', 'npm run build', 'npm run lint', 'npm run scan', 'npx jest']) {
			expect(run.indexOf(command)).toBeGreaterThan(-1);
			expect(run.indexOf(command)).toBeLessThan(run.length - 1);
		}
		expect(run[0]).toContain('require("./package.json").version');
		expect(run.some((command) => command.startsWith('npm pkg set repository.type=git'))).toBe(true);
	});
});
