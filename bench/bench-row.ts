/** The outcome of one measured figure against its target. */
export type Verdict = 'PASS' | 'MISS' | 'INFO' | 'SKIP';

/** One printed row: what was measured, on which database, the figure, the target and the verdict. */
export interface BenchRow {
  what: string;
  dialect: string;
  figure: string;
  target: string;
  verdict: Verdict;
}

/** PASS when `ok`, MISS otherwise. */
export function verdict(ok: boolean): Verdict {
  return ok ? 'PASS' : 'MISS';
}

/** A millisecond figure with two decimals. */
export function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}

/** A whole number with thousands separators. */
export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
