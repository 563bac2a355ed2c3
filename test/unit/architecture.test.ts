import * as path from 'node:path';
import * as ts from 'typescript';

const root = path.resolve(__dirname, '../..');
const program = (() => {
	const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, {
		...ts.sys,
		onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
			throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
		},
	});
	if (!config) throw new Error('tsconfig.json could not be read');
	return ts.createProgram(config.fileNames, config.options);
})();

const relative = (fileName: string) => path.relative(root, fileName).split(path.sep).join('/');
const shipped = program
	.getSourceFiles()
	.filter((file) => /^(nodes|credentials)\//.test(relative(file.fileName)) && !file.isDeclarationFile);

/**
 * The rooms of the shipped code, most specific first, and the rooms each may import from.
 * Imports flow one way: node → actions → shared transport → shared helpers → constants.
 */
const ROOMS: Array<{ room: string; match: RegExp; mayImport: string[] }> = [
	{ room: 'shared constants', match: /^nodes\/shared\/constants\.ts$/, mayImport: [] },
	{ room: 'shared helpers', match: /^nodes\/shared\/helpers\//, mayImport: ['shared helpers', 'shared constants'] },
	{
		room: 'shared transport',
		match: /^nodes\/shared\/transport\//,
		mayImport: ['shared transport', 'shared helpers', 'shared constants'],
	},
	{ room: 'SpherePay helpers', match: /^nodes\/SpherePay\/helpers\//, mayImport: ['SpherePay helpers', 'shared helpers', 'shared constants'] },
	{
		room: 'SpherePay actions',
		match: /^nodes\/SpherePay\/actions\//,
		mayImport: ['SpherePay actions', 'SpherePay helpers', 'shared transport', 'shared helpers', 'shared constants'],
	},
	{
		room: 'SpherePay node',
		match: /^nodes\/SpherePay\//,
		mayImport: ['SpherePay node', 'SpherePay actions', 'SpherePay helpers', 'shared transport', 'shared helpers', 'shared constants'],
	},
	{
		room: 'SpherePay Trigger',
		match: /^nodes\/SpherePayTrigger\//,
		mayImport: ['SpherePay Trigger', 'shared transport', 'shared helpers', 'shared constants'],
	},
	{ room: 'credentials', match: /^credentials\//, mayImport: ['shared helpers', 'shared constants'] },
];

const roomOf = (file: string) => ROOMS.find(({ match }) => match.test(file));

/** Every relative import and re-export of a shipped file, as [importer, imported] paths from the root. */
function importsOf(file: ts.SourceFile): Array<[string, string]> {
	const from = relative(file.fileName);
	return ts.preProcessFile(file.text, true, true).importedFiles
		.filter(({ fileName }) => fileName.startsWith('.'))
		.map(({ fileName }) => {
			const resolved = ts.resolveModuleName(fileName, file.fileName, program.getCompilerOptions(), ts.sys).resolvedModule;
			return [from, resolved ? relative(resolved.resolvedFileName) : `${fileName} (unresolved)`];
		});
}

describe('import direction', () => {
	test('every shipped file belongs to a room', () => {
		expect(shipped.map((file) => relative(file.fileName)).filter((file) => !roomOf(file))).toEqual([]);
	});

	test('no file imports from a room above it or beside it', () => {
		const wrong = shipped.flatMap(importsOf).flatMap(([importer, imported]) => {
			const from = roomOf(importer);
			const to = roomOf(imported);
			return from && to && from.mayImport.includes(to.room) ? [] : [`${importer} → ${imported}`];
		});
		expect(wrong).toEqual([]);
	});
});

describe('names defined once', () => {
	test('the credential type is written only in shared/constants.ts; everything else imports CREDENTIAL_TYPE', () => {
		const writers = shipped.filter((file) => /['"`]spherePayApi['"`]/.test(file.text)).map((file) => relative(file.fileName));
		expect(writers).toEqual(['nodes/shared/constants.ts']);
	});
});

/** Each file one job: a file longer than this is doing more than one. */
const MAX_LINES = 250;

describe('file size', () => {
	test(`every .ts file under nodes/ and credentials/ is at most ${MAX_LINES} lines`, () => {
		expect(shipped.length).toBeGreaterThan(0);
		const long = shipped.flatMap((file) => {
			const lines = file.text.replace(/\n$/, '').split('\n').length;
			return lines > MAX_LINES ? [`${relative(file.fileName)}: ${lines} lines`] : [];
		});
		expect(long).toEqual([]);
	});
});

/** Loaded by n8n through package.json's `n8n` section, not imported. */
const ENTRY_POINTS = new Set(['SpherePay', 'SpherePayTrigger', 'SpherePayApi']);

describe('exports', () => {
	test('every exported name of the shipped code is imported somewhere else (code or tests)', () => {
		const checker = program.getTypeChecker();
		const used = new Set<ts.Symbol>();
		const target = (symbol: ts.Symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
		for (const file of program.getSourceFiles()) {
			if (file.isDeclarationFile || !/^(nodes|credentials|test|scripts)\//.test(relative(file.fileName))) continue;
			const visit = (node: ts.Node): void => {
				// An import alone uses nothing; what the file does with the name does.
				if (ts.isImportDeclaration(node)) return;
				if (ts.isIdentifier(node)) {
					const symbol = ts.isShorthandPropertyAssignment(node.parent)
						? checker.getShorthandAssignmentValueSymbol(node.parent)
						: checker.getSymbolAtLocation(node);
					const resolved = symbol && target(symbol);
					const declaredIn = resolved?.declarations?.[0]?.getSourceFile();
					if (resolved && declaredIn && declaredIn !== file) used.add(resolved);
					// A module used whole (an operation module in the operations list) uses every export.
					if (resolved && resolved.flags & ts.SymbolFlags.ValueModule && !ts.isPropertyAccessExpression(node.parent)) {
						for (const exported of checker.getExportsOfModule(resolved)) used.add(target(exported));
					}
				}
				ts.forEachChild(node, visit);
			};
			visit(file);
		}
		const unused = shipped.flatMap((file) => {
			const module = checker.getSymbolAtLocation(file);
			if (!module) return [];
			return checker
				.getExportsOfModule(module)
				.filter((exported) => !ENTRY_POINTS.has(exported.name) && !used.has(target(exported)))
				.map((exported) => `${relative(file.fileName)}: ${exported.name}`);
		});
		expect(unused).toEqual([]);
	}, 120_000);
});
