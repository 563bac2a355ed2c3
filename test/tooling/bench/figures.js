// How the bench sums up repeated runs and prints them.

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const spread = (values) => [Math.min(...values), Math.max(...values)];

const seconds = (ms) => (ms / 1000).toFixed(2);
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(0);

/** A Markdown table, columns padded to their widest cell. */
const table = (header, rows) => {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
	const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
	return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
};

module.exports = { mb, median, seconds, spread, table };
