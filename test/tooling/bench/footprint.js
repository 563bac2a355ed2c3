// Run 3 (`--only footprint`): what loading the package costs n8n, and what it ships.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const host = require('../n8n-host');
const { log } = require('./bench');
const { median, spread, table } = require('./figures');

function footprint(bench) {
	log('Run 3: footprint');
	const dist = path.join(host.ROOT, 'dist');
	const timeRequire = (preload) => {
		const script = `${preload ? "require('n8n-workflow');" : ''}
const t = process.hrtime.bigint();
require(${JSON.stringify(path.join(dist, 'nodes/SpherePay/SpherePay.node.js'))});
require(${JSON.stringify(path.join(dist, 'credentials/SpherePayApi.credentials.js'))});
process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;
		const times = Array.from({ length: 11 }, () => Number(execFileSync(process.execPath, ['-e', script], { cwd: host.ROOT })));
		return `${median(times).toFixed(1)} ms (${spread(times).map((v) => v.toFixed(1)).join('–')})`;
	};
	const manifest = JSON.parse(fs.readFileSync(path.join(host.ROOT, 'package.json'), 'utf8'));
	return table(
		['run 3', 'value'],
		[
			['cold require of node + credential, n8n-workflow already loaded (as in n8n)', timeRequire(true)],
			['cold require including n8n-workflow itself', timeRequire(false)],
			['packed tarball', `${fs.statSync(bench.tarball).size} bytes`],
			['runtime dependencies', Object.keys(manifest.dependencies ?? {}).length],
		],
	);
}

module.exports = { name: 'footprint', run: footprint };
