/** `value` as a number when it is a finite one that `valid` accepts (an option set by an expression may be anything), else `fallback`. */
export function numberOr(value: unknown, fallback: number, valid: (n: number) => boolean): number {
	const n = Number(value ?? fallback);
	return Number.isFinite(n) && valid(n) ? n : fallback;
}
