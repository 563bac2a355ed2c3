#!/usr/bin/env node
// npm run bench: the SpherePay node side by side with n8n's HTTP Request node and raw
// axios, on the local emulator, in the pinned real n8n (`n8n execute`). Prints figures;
// asserts nothing. Options: --repeats N (default 3), --only rate|overhead|footprint|getmany|mapper|tokens|load.
// `load` runs n8n as a server, in regular and in queue mode (Postgres, Redis), once per case.
// Each run is a module of test/tooling/bench/.
const os = require('node:os');

const { Bench, VERSION } = require('../test/tooling/bench/bench');

const RUNS = ['rate', 'overhead', 'footprint', 'getmany', 'mapper', 'tokens', 'load'].map((name) => require(`../test/tooling/bench/${name}`));

const args = process.argv.slice(2);
const flag = (name, fallback) => {
	const index = args.indexOf(`--${name}`);
	return index === -1 ? fallback : args[index + 1];
};
const REPEATS = Number(flag('repeats', 3));
const ONLY = flag('only', undefined);

(async () => {
	const bench = new Bench({ repeats: REPEATS });
	const sections = [];
	try {
		await bench.setUp();
		for (const { name, run } of RUNS) if (!ONLY || ONLY === name) sections.push(await run(bench));
	} finally {
		await bench.close();
	}
	const cpu = os.cpus();
	process.stdout.write(
		[
			`n8n ${VERSION} (n8n execute), Node ${process.version}, ${cpu.length} cores (${cpu[0]?.model.trim()}), ${new Date().toISOString().slice(0, 10)}, ${REPEATS} repeats`,
			...sections,
			'',
		].join('\n\n'),
	);
	process.exit(0);
})().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
