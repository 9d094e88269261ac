import type { BenchPart, PartResult } from './bench-part';
import { perDialect } from './bench-part';
import type { BenchRow } from './bench-row';
import { count, ms as msOf, verdict } from './bench-row';
import { SIZES, TARGETS } from './bench-sizes';
import type { ScaleMeasure } from './scale-curve';
import { scaleCurveInFreshProcess } from './scale-curve';

/**
 * The registry sizes to measure: BENCH_SCALE_SIZES (comma-separated app counts, e.g. `10000,100000`)
 * when set, else SIZES.scale.apps; refused with how to write it when it is not a list of counts.
 */
export function scaleSizes(value = process.env.BENCH_SCALE_SIZES): number[] {
  if (!value?.trim()) return [...SIZES.scale.apps];
  const sizes = value.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1000))
    throw new Error(
      `BENCH_SCALE_SIZES="${value}" is not a list of app counts: write whole numbers of at least 1000, comma-separated, e.g. BENCH_SCALE_SIZES=10000,100000.`,
    );
  return [...new Set(sizes)].sort((a, b) => a - b);
}

/**
 * The largest registry measured on PostgreSQL: BENCH_SCALE_POSTGRES_MAX when set (bigger sizes run
 * on SQLite only, PostgreSQL's row says skipped), else every size.
 */
export function postgresMax(value = process.env.BENCH_SCALE_POSTGRES_MAX): number {
  if (!value?.trim()) return Number.POSITIVE_INFINITY;
  const max = Number(value.trim().replace(/_/g, ''));
  if (!Number.isInteger(max) || max < 0)
    throw new Error(
      `BENCH_SCALE_POSTGRES_MAX="${value}" is not an app count: write a whole number, e.g. BENCH_SCALE_POSTGRES_MAX=100000.`,
    );
  return max;
}

/** Milliseconds, or "failed" for a step that failed (NaN here, null once it crossed from the measuring process). */
function ms(v: number | null): string {
  return typeof v === 'number' && Number.isFinite(v) ? msOf(v) : 'failed';
}

/** A figure as measured, NaN for a failed step (null once it crossed from the measuring process). */
function num(v: number | null): number {
  return typeof v === 'number' ? v : Number.NaN;
}

/** Cost of a whole-registry operation in ms per 1,000 apps. */
export function perThousand(msTaken: number | null, apps: number): number {
  return num(msTaken) / (apps / 1000);
}

/** The figures compared between sizes: whole-registry ones per 1,000 apps, latencies as they are. */
export function scaleFigures(m: ScaleMeasure): Record<string, number> {
  const n = m.seed.apps;
  return {
    'registration p99 ms': num(m.registrationMs.p99),
    'list first page p99 ms': num(m.list.firstPage.p99),
    'list deep page p99 ms': num(m.list.deepPage.p99),
    'name search p99 ms': num(m.list.search.p99),
    'search, no match p99 ms per 1k apps': perThousand(m.list.searchNoMatch.p99, n),
    'estate queries p99 ms per 1k apps': perThousand(m.estateMs.p99, n),
    'full plan ms per 1k apps': perThousand(m.planMs.median, n),
    'idle tick ms per 1k apps': perThousand(m.idleTickMs, n),
    'audit verify ms per 1k apps': perThousand(m.verifyMs, n),
    'export ms per 1k apps': perThousand(m.export.ms, n),
    'peak RSS MiB': num(m.peakRssMiB),
    'export peak RSS MiB': num(m.export.maxRssMiB),
  };
}

/** How much each compared figure grew from `small` to `large` (1 is flat). */
export function scaleGrowth(small: ScaleMeasure, large: ScaleMeasure): Record<string, number> {
  const [a, b] = [scaleFigures(small), scaleFigures(large)];
  return Object.fromEntries(Object.keys(a).map((k) => [k, b[k]! / a[k]!]));
}

/** The per-size rows of one database. */
function sizeRows(m: ScaleMeasure, kind: string): BenchRow[] {
  const n = m.seed.apps;
  const k = (v: number) => `${v.toFixed(2)} ms/1k`;
  return [
    ...Object.entries(m.failures).map(
      ([step, error]): BenchRow => ({
        what: `scale ${count(n)}: ${step}`,
        dialect: kind,
        figure: `failed: ${error.slice(0, 120)}`,
        target: 'runs',
        verdict: verdict(false),
      }),
    ),
    {
      what: `scale ${count(n)}: latencies (p99)`,
      dialect: kind,
      figure: `register ${ms(m.registrationMs.p99)}; list first ${ms(m.list.firstPage.p99)}, deep ${ms(m.list.deepPage.p99)}; search ${ms(m.list.search.p99)}, no match ${ms(m.list.searchNoMatch.p99)}; estate ${ms(m.estateMs.p99)}`,
      target: 'every step runs',
      verdict: Object.keys(m.failures).length > 0 ? verdict(false) : 'INFO',
    },
    {
      what: `scale ${count(n)}: whole registry`,
      dialect: kind,
      figure: `plan ${ms(m.planMs.median)} (${k(perThousand(m.planMs.median, n))}); idle tick ${ms(m.idleTickMs)}; verify ${ms(m.verifyMs)} (${k(perThousand(m.verifyMs, n))}); export ${ms(m.export.ms)} (${k(perThousand(m.export.ms, n))})`,
      target: '-',
      verdict: 'INFO',
    },
    {
      what: `scale ${count(n)}: peak RSS, core / export`,
      dialect: kind,
      figure: `${m.peakRssMiB.toFixed(0)} / ${m.export.maxRssMiB.toFixed(0)} MiB`,
      target: `< ${TARGETS.scaleRssMiB} MiB`,
      verdict: verdict(Math.max(m.peakRssMiB, m.export.maxRssMiB) < TARGETS.scaleRssMiB),
    },
  ];
}

/** A markdown table of one database's sizes, for docs/benchmarks.md. */
export function scaleTable(measures: readonly ScaleMeasure[]): string[] {
  const figures = measures.map(scaleFigures);
  const sizes = measures.map((m) => m.seed.apps);
  const growth =
    measures.length >= 2 ? scaleGrowth(measures.at(-2)!, measures.at(-1)!) : ({} as Record<string, number>);
  const head = `| figure | ${sizes.map(count).join(' | ')} |${measures.length >= 2 ? ` growth ${count(sizes.at(-2)!)} → ${count(sizes.at(-1)!)} |` : ''}`;
  const lines = [head, `|---|${sizes.map(() => '---:').join('|')}|${measures.length >= 2 ? '---:|' : ''}`];
  for (const key of Object.keys(figures[0] ?? {}))
    lines.push(
      `| ${key} | ${figures.map((f) => f[key]!.toFixed(2)).join(' | ')} |${measures.length >= 2 ? ` ${growth[key]!.toFixed(2)}× |` : ''}`,
    );
  return lines;
}

/** `--only scale`: the registry at each of scaleSizes() apps on SQLite and PostgreSQL, and how cost grows. */
export const scalePart: BenchPart = {
  name: 'scale',
  about: `the scaling curve: registries of ${SIZES.scale.apps.map(count).join(', ')} apps (BENCH_SCALE_SIZES), SQLite and PostgreSQL`,
  async run(ctx): Promise<PartResult> {
    const sizes = scaleSizes();
    const pgMax = postgresMax();
    const rows: BenchRow[] = [];
    const bySize: Record<string, unknown> = {};
    const measures: Record<string, ScaleMeasure[]> = { sqlite: [], postgres: [] };
    for (const apps of sizes) {
      const sized =
        apps <= pgMax
          ? ctx
          : {
              ...ctx,
              dialects: ctx.dialects.filter((d) => d !== 'postgres'),
              unreachable: `above BENCH_SCALE_POSTGRES_MAX=${pgMax}`,
            };
      const part = await perDialect(sized, `scale ${count(apps)}`, async (target, kind) => {
        const m = await scaleCurveInFreshProcess(target, ctx.policyDir, apps, SIZES.scale);
        ctx.say(
          `  scale ${kind} ${count(apps)}: seeded ${count(m.seed.revisions)} revisions, ${count(m.seed.reviews)} reviews, ${count(m.seed.auditEvents)} audit events, ${count(m.seed.facts)} facts in ${ms(m.seed.seedMs)}; ${count(m.reminders)} reminders due; ${count(m.verified)} events verified; peak RSS ${m.peakRssMiB.toFixed(0)} MiB`,
        );
        for (const [step, error] of Object.entries(m.failures))
          ctx.say(`  scale ${kind} ${count(apps)}: ${step} FAILED: ${error}`);
        measures[kind]!.push(m);
        return { rows: sizeRows(m, kind), figures: m };
      });
      rows.push(
        ...part.rows.map((r) =>
          r.verdict === 'SKIP' && apps > pgMax ? { ...r, figure: `not measured: ${sized.unreachable}` } : r,
        ),
      );
      bySize[String(apps)] = part.figures;
    }
    const growth: Record<string, unknown> = {};
    for (const [kind, list] of Object.entries(measures)) {
      if (list.length === 0) continue;
      ctx.say(`  scale table, ${kind}:`);
      for (const line of scaleTable(list)) ctx.say(`    ${line}`);
      if (list.length < 2) continue;
      const [small, large] = [list.at(-2)!, list.at(-1)!];
      const g = scaleGrowth(small, large);
      growth[kind] = { from: small.seed.apps, to: large.seed.apps, ...g };
      const worst = Object.entries(g)
        .filter(([key]) => !key.includes('RSS'))
        .sort((a, b) => b[1] - a[1]);
      rows.push({
        what: `scale growth ${count(small.seed.apps)} → ${count(large.seed.apps)} (per app, or p99)`,
        dialect: kind,
        figure: `worst ${worst
          .slice(0, 3)
          .map(([key, v]) => `${key.replace(/ (p99 )?ms( per 1k apps)?$/, '')} ${v.toFixed(2)}×`)
          .join(', ')}`,
        target: `<= ${TARGETS.scaleGrowth}×`,
        verdict: verdict(worst.every(([, v]) => v <= TARGETS.scaleGrowth)),
      });
    }
    return { rows, figures: { sizes, effort: SIZES.scale, bySize, growth } };
  },
};
