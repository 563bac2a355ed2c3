const fs = require('node:fs');
const path = require('node:path');
const { Transform } = require('node:stream');
const esbuild = require('esbuild');
const ts = require('typescript');
const { task, src, dest, parallel } = require('gulp');

// The files n8n loads (package.json "n8n"): each exports the class its name gives
// (dist/nodes/SpherePay/SpherePay.node.js → SpherePay), compiled from the same path in TypeScript.
const { n8n } = require('./package.json');
const ENTRIES = [...n8n.nodes, ...n8n.credentials].map((file) => ({
	file,
	name: path.basename(file).split('.')[0],
	source: file.replace(/^dist\//, '').replace(/\.js$/, ''),
}));
const BUNDLE = 'dist/spherepay.js';

// TypeScript compiles each file as tsc did (comments removed); esbuild only joins them.
const typescript = {
	name: 'typescript',
	setup(build) {
		build.onLoad({ filter: /\.ts$/ }, async ({ path: file }) => {
			const { outputText } = ts.transpileModule(await fs.promises.readFile(file, 'utf8'), {
				fileName: file,
				compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: true, esModuleInterop: true },
			});
			return { contents: outputText, loader: 'js' };
		});
	},
};

// One readable file (not minified, names kept) instead of ~45 small modules: each file in the
// tarball costs its own tar header and compresses apart from the rest. tsc type-checks first.
async function bundle() {
	const reexports = ENTRIES.map(({ name, source }) => `export { ${name} } from './${source}';`);
	const { outputFiles } = await esbuild.build({
		stdin: { contents: reexports.join('\n'), resolveDir: __dirname, sourcefile: 'spherepay.ts', loader: 'ts' },
		outfile: BUNDLE,
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		external: ['n8n-workflow'],
		charset: 'utf8',
		legalComments: 'none',
		logLevel: 'warning',
		plugins: [typescript],
		write: false,
	});
	fs.mkdirSync(path.dirname(BUNDLE), { recursive: true });
	fs.writeFileSync(BUNDLE, compact(outputFiles[0].text));
	for (const { file, name } of ENTRIES) {
		const bundlePath = path.relative(path.dirname(file), BUNDLE).replace(/\.js$/, '');
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, `"use strict";\nexports.${name} = require('${bundlePath}').${name};\n`);
	}
}

// Smaller, still readable: indentation in tabs (as in the sources) and without esbuild's
// "// path.ts" line before each module. Checked: the same program once minified.
function compact(code) {
	const result = code.replace(/^(?:  )+/gm, (indent) => '\t'.repeat(indent.length / 2)).replace(/^\/\/ [\w./-]+\.ts\n/gm, '');
	const program = (text) => esbuild.transformSync(text, { minify: true, format: 'cjs', platform: 'node', target: 'node20' }).code;
	if (program(result) !== program(code)) throw new Error(`${BUNDLE}: compacting changed the program`);
	return result;
}

// n8n also loads the icons and the codex (*.node.json) from dist: shipped without the
// indentation that keeps them readable here.
const compactAssets = () =>
	new Transform({
		objectMode: true,
		transform(file, _encoding, done) {
			const text = () => file.contents.toString('utf8');
			if (file.extname === '.json') file.contents = Buffer.from(JSON.stringify(JSON.parse(text())));
			if (file.extname === '.svg') file.contents = Buffer.from(text().replace(/>\s+</g, '><').trim());
			done(null, file);
		},
	});

function copyNodeAssets() {
	return src('nodes/**/*.{png,svg,json}', { encoding: false }).pipe(compactAssets()).pipe(dest('dist/nodes'));
}

function copyCredentialAssets() {
	return src('credentials/**/*.{png,svg}', { encoding: false, allowEmpty: true }).pipe(
		dest('dist/credentials'),
	);
}

async function clean() {
	await fs.promises.rm('dist', { recursive: true, force: true });
}

task('clean', clean);
task('build:assets', parallel(copyNodeAssets, copyCredentialAssets));
task('build:bundle', bundle);
