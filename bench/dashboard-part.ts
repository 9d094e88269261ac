import type { BenchPart } from './bench-part';
import { perDialect } from './bench-part';
import { count, ms, verdict } from './bench-row';
import { dashboardRender } from './dashboard-render';

/** The estate view at this many apps must answer within `p95Ms`. */
export const DASHBOARD_SIZES = { apps: 100_000, calls: 50, warmup: 5, p95Ms: 300 } as const;

/** `--only dashboard`: the estate page's answer time at 100,000 apps on SQLite and PostgreSQL. */
export const dashboardPart: BenchPart = {
  name: 'dashboard',
  about: `the dashboard's estate view at ${count(DASHBOARD_SIZES.apps)} apps over HTTP, SQLite and PostgreSQL`,
  run: (ctx) =>
    perDialect(ctx, `dashboard estate at ${count(DASHBOARD_SIZES.apps)} apps`, async (target, kind) => {
      const s = DASHBOARD_SIZES;
      const d = await dashboardRender(target, ctx.policyDir, s.apps, s.calls, s.warmup);
      ctx.say(
        `  ${kind}: seeded ${count(d.apps)} apps with revisions and facts in ${ms(d.seedMs)}; ${d.calls} GET /dashboard: p50 ${ms(d.estate.p50)}, p95 ${ms(d.estate.p95)}, max ${ms(d.estate.max)}; ${count(d.bytes)} bytes`,
      );
      return {
        figures: d,
        rows: [
          {
            what: `dashboard estate view, ${count(d.apps)} apps, over HTTP`,
            dialect: kind,
            figure: `p50 ${ms(d.estate.p50)}, p95 ${ms(d.estate.p95)}`,
            target: `p95 < ${s.p95Ms} ms`,
            verdict: verdict(d.estate.p95 < s.p95Ms),
          },
        ],
      };
    }),
};
