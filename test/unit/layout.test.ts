/**
 * Test tooling lives under test/ and scripts/ are entry points into it: nothing under test/
 * may import from scripts/.
 */
import fs from 'node:fs';
import path from 'node:path';

import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');
const TEST_DIR = path.join(ROOT, 'test');
const SCRIPTS_DIR = path.join(ROOT, 'scripts');

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const file = path.join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'screenshots' ? [] : sourceFiles(file);
		return /\.(ts|js|mjs|cjs)$/.test(entry.name) ? [file] : [];
	});
}

/** Every relative module a file names: import, export … from, import(), require(). */
function importsOf(file: string): string[] {
	const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
	return importedFiles.map(({ fileName }) => fileName).filter((name) => name.startsWith('.'));
}

test('the test tree is found and its imports are read', () => {
	const files = sourceFiles(TEST_DIR);
	expect(files).toContain(__filename);
	expect(importsOf(path.join(TEST_DIR, 'e2e', 'loop.e2e.ts'))).toContain('../emulator');
});

test('nothing under test/ imports from scripts/', () => {
	const offending = sourceFiles(TEST_DIR).flatMap((file) =>
		importsOf(file)
			.filter((name) => {
				const target = path.resolve(path.dirname(file), name);
				return target === SCRIPTS_DIR || target.startsWith(`${SCRIPTS_DIR}${path.sep}`);
			})
			.map((name) => `${path.relative(ROOT, file)}: ${name}`),
	);
	expect(offending).toEqual([]);
});
