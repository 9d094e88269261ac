import type { BenchRow } from './bench-row';

const COLUMNS: { key: keyof BenchRow; title: string }[] = [
  { key: 'what', title: 'what' },
  { key: 'dialect', title: 'dialect' },
  { key: 'figure', title: 'figure' },
  { key: 'target', title: 'target' },
  { key: 'verdict', title: 'result' },
];

/** The rows as a fixed-width text table with a header and a rule under it. */
export function formatTable(rows: readonly BenchRow[]): string {
  const widths = COLUMNS.map((c) => Math.max(c.title.length, ...rows.map((r) => r[c.key].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join(' | ')
      .trimEnd();
  return [
    line(COLUMNS.map((c) => c.title)),
    widths.map((w) => '-'.repeat(w)).join('-+-'),
    ...rows.map((r) => line(COLUMNS.map((c) => r[c.key]))),
  ].join('\n');
}
