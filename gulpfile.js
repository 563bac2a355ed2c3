const fs = require('node:fs');
const { task, src, dest, parallel } = require('gulp');

// tsc compiles only .ts files; n8n also loads the icons and the codex (*.node.json) from dist.
function copyNodeAssets() {
	return src('nodes/**/*.{png,svg,json}', { encoding: false }).pipe(dest('dist/nodes'));
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
