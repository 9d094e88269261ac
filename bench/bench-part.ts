import type { DatabaseTarget } from '../src/store/database-target';
import type { BenchRow } from './bench-row';
import { createBenchDatabase } from './bench-database';

/** What every part gets: the policy folder, the databases it may use and where to print. */
export interface BenchContext {
  policyDir: string;
  /** An admin connection to PostgreSQL, for parts that create a database there. */
  adminUrl: string;
  /** The databases this run measures: SQLite, and PostgreSQL when a server answered. */
  dialects: DatabaseTarget['kind'][];
  /** Why PostgreSQL parts are skipped, when they are. */
  unreachable?: string;
  say: (line: string) => void;
}

/** What a part measured: rows for the printed table and its figures for bench/results.json. */
export interface PartResult {
  rows: BenchRow[];
  figures: unknown;
}

/** One named benchmark part, runnable alone with `npm run bench -- --only NAME`. */
export interface BenchPart {
  name: string;
  /** One line saying what it measures, for `--help` and unknown names. */
  about: string;
  run: (ctx: BenchContext) => Promise<PartResult>;
}

/**
 * Runs `measure` on a fresh bench database of each dialect (dropped afterwards); a dialect without a
 * server gets a SKIP row named `what` and `{ skipped }` in the figures.
 */
export async function perDialect<T>(
  ctx: BenchContext,
  what: string,
  measure: (target: DatabaseTarget, kind: DatabaseTarget['kind']) => Promise<{ rows: BenchRow[]; figures: T }>,
): Promise<PartResult> {
  const rows: BenchRow[] = [];
  const figures: Record<string, T | { skipped: string }> = {};
  for (const kind of ['sqlite', 'postgres'] as const) {
    if (!ctx.dialects.includes(kind)) {
      figures[kind] = { skipped: ctx.unreachable ?? 'not measured' };
      rows.push({ what, dialect: kind, figure: 'skipped (no server)', target: '-', verdict: 'SKIP' });
      continue;
    }
    const db = await createBenchDatabase(kind, ctx.adminUrl);
    try {
      const measured = await measure(db.target, kind);
      figures[kind] = measured.figures;
      rows.push(...measured.rows);
    } finally {
      await db.drop();
    }
  }
  return { rows, figures };
}
