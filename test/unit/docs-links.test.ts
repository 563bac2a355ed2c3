/**
 * Every relative link and anchor in README.md and docs/ resolves: the file exists, and an
 * anchor names a heading of that file as GitHub and npm slug it.
 */
import fs from 'node:fs';
import path from 'node:path';

import GithubSlugger from 'github-slugger';
import MarkdownIt from 'markdown-it';

const ROOT = path.resolve(__dirname, '..', '..');
const DOCS_DIR = path.join(ROOT, 'docs');
const markdown = new MarkdownIt({ html: true });

const documents = (): string[] => [
	path.join(ROOT, 'README.md'),
	...fs.readdirSync(DOCS_DIR).filter((name) => name.endsWith('.md')).map((name) => path.join(DOCS_DIR, name)),
];

type Token = MarkdownIt.Token;
const walk = (tokens: Token[]): Token[] => tokens.flatMap((token) => [token, ...walk(token.children ?? [])]);

/** The anchors GitHub gives a file's headings (repeats get -1, -2, …). */
function anchorsOf(file: string): Set<string> {
	const slugger = new GithubSlugger();
	const tokens = markdown.parse(fs.readFileSync(file, 'utf8'), {});
	const anchors = new Set<string>();
	tokens.forEach((token, index) => {
		if (token.type !== 'heading_open') return;
		const text = walk(tokens[index + 1].children ?? [])
			.filter((child) => child.type === 'text' || child.type === 'code_inline')
			.map((child) => child.content)
			.join('');
		anchors.add(slugger.slug(text));
	});
	return anchors;
}

/** Links and images whose target is in this repository (no scheme, not protocol-relative). */
function relativeLinksOf(file: string): string[] {
	return walk(markdown.parse(fs.readFileSync(file, 'utf8'), {}))
		.map((token) => String((token.type === 'link_open' ? token.attrGet('href') : token.type === 'image' ? token.attrGet('src') : null) ?? ''))
		.filter((target) => target !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('//'));
}

/** What is wrong with one link from `file`, or undefined when it resolves. */
function brokenLink(file: string, target: string): string | undefined {
	const [pathPart, anchor] = target.split('#', 2);
	const resolved = pathPart === '' ? file : path.resolve(path.dirname(file), decodeURIComponent(pathPart));
	const where = `${path.relative(ROOT, file)} → ${target}`;
	if (!resolved.startsWith(ROOT)) return `${where}: outside the repository`;
	if (!fs.existsSync(resolved)) return `${where}: no such file`;
	if (anchor === undefined || anchor === '') return undefined;
	if (!resolved.endsWith('.md')) return `${where}: an anchor into a file that is not Markdown`;
	return anchorsOf(resolved).has(decodeURIComponent(anchor)) ? undefined : `${where}: no heading with this anchor`;
}

describe('links in README.md and docs/', () => {
	test('the checker reads headings, links and images, and reports a missing file or anchor', () => {
		const readme = path.join(ROOT, 'README.md');
		expect([...anchorsOf(readme)]).toEqual(expect.arrayContaining(['quick-start', 'credentials', 'spherepay-trigger']));
		expect(relativeLinksOf(readme)).toEqual(expect.arrayContaining(['docs/images/editor.png', 'docs/going-live.md', 'LICENSE.md']));
		expect(relativeLinksOf(readme).some((target) => target.startsWith('http'))).toBe(false);
		expect(brokenLink(readme, 'docs/nowhere.md')).toMatch(/no such file/);
		expect(brokenLink(readme, '#no-such-heading')).toMatch(/no heading/);
		expect(brokenLink(readme, 'docs/going-live.md#no-such-heading')).toMatch(/no heading/);
		expect(brokenLink(readme, '../outside.md')).toMatch(/outside/);
		expect(brokenLink(readme, 'docs/going-live.md#the-10-webhook-limit')).toBeUndefined();
	});

	test('every relative link and anchor resolves', () => {
		const files = documents();
		expect(files.length).toBeGreaterThan(5);
		const broken = files.flatMap((file) => relativeLinksOf(file).map((target) => brokenLink(file, target)).filter(Boolean));
		expect(broken).toEqual([]);
	});
});
