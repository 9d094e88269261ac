import { sql } from 'kysely';
import type { Viewer } from '../adapters/web/viewer';
import { mountDashboardPages } from '../adapters/web/pages/mount-dashboard-pages';
import { createReadDiscoveryCoverage } from '../src/app/discovery/read-discovery-coverage';
import { LIVE_STATUSES, postureFacts } from '../src/domain/posture-facts';
import type { Manifest } from '../src/domain/manifest';
import { createHttpServer } from '../src/http/http-server';
import { createPeopleDirectory } from '../src/people/people-directory';
import type { DatabaseTarget } from '../src/store/database-target';
import { kyselyRegistry } from '../src/store/kysely-registry';
import { openDatabase } from '../src/store/open-database';
import type { Tables } from '../src/store/tables';
import { writePath } from '../src/store/write-path';
import { seedExportBench } from './export-throughput';
import { elapsedMs, timeCalls } from './time-calls';

/** Latency percentiles of the estate page, in milliseconds. */
export interface PageLatency {
  p50: number;
  p95: number;
  max: number;
}

/** What the dashboard part measured on one database. */
export interface DashboardBench {
  apps: number;
  seedMs: number;
  calls: number;
  estate: PageLatency;
  /** Bytes of the estate page's HTML. */
  bytes: number;
}

const ADMIN: Viewer = {
  email: 'bench@example.com',
  name: 'Bench',
  refs: ['slack:UBENCH'],
  seesAll: true,
  csrfToken: 'x',
};
const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent } as never;

/**
 * Seeds `apps` apps the way the export part does (each with a current revision from the bench
 * corpus) plus their posture facts, then times `calls` sequential GET /dashboard (the estate view,
 * as an admin) over real HTTP on the bot's server: the whole answer, queries and HTML.
 * PostgreSQL gets an `analyze` after the bulk load, as autovacuum would give it soon after.
 */
export async function dashboardRender(
  target: DatabaseTarget,
  policyDir: string,
  apps: number,
  calls: number,
  warmup: number,
): Promise<DashboardBench> {
  const seedStart = process.hrtime.bigint();
  await seedExportBench(target, policyDir, apps);
  const db = openDatabase(target);
  const http = createHttpServer(silent);
  try {
    await seedFacts(db);
    if (target.kind === 'postgres') await sql`analyze`.execute(db);
    const seedMs = elapsedMs(seedStart);
    const registry = kyselyRegistry(db, target.kind, await writePath(db, target.kind));
    const clock = { now: () => new Date() };
    mountDashboardPages(http, {
      viewerOf: async () => ADMIN,
      registry,
      directory: createPeopleDirectory({ people: registry.people, messengers: new Map(), clock }),
      clock,
      timeZone: 'UTC',
      describeApp: async () => undefined,
      discoveryCoverage: createReadDiscoveryCoverage({ registry, clock, sources: [] }),
      systemName: (s) => s,
    });
    const port = await http.listen(0, '127.0.0.1');
    let bytes = 0;
    const timed = await timeCalls(calls, warmup, async () => {
      const res = await fetch(`http://127.0.0.1:${port}/dashboard`);
      const text = await res.text();
      if (res.status !== 200) throw new Error(`GET /dashboard answered ${res.status}`);
      bytes = Buffer.byteLength(text);
    });
    const sorted = [...timed.samplesMs].sort((a, b) => a - b);
    const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
    return { apps, seedMs, calls, estate: { p50: rank(50), p95: rank(95), max: sorted.at(-1)! }, bytes };
  } finally {
    await http.close(100);
    await db.destroy();
  }
}

/** Fills `app_fact` from the seeded revisions, as revisions written by the bot fill it. */
export async function seedFacts(db: import('kysely').Kysely<Tables>): Promise<void> {
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('app')
      .innerJoin('revision', 'revision.id', 'app.current_revision_id')
      .select(['app.id as id', 'app.status as status', 'revision.id as revision_id', 'revision.manifest as manifest'])
      .where('app.id', '>', after)
      .orderBy('app.id')
      .limit(2000)
      .execute();
    if (rows.length === 0) return;
    const facts = rows.flatMap((r) =>
      postureFacts(JSON.parse(r.manifest) as Manifest).map((f) => ({
        app_id: r.id,
        revision_id: r.revision_id,
        live: (LIVE_STATUSES as readonly string[]).includes(r.status) ? 1 : 0,
        ...f,
      })),
    );
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < facts.length; i += 1000)
        await trx
          .insertInto('app_fact')
          .values(facts.slice(i, i + 1000))
          .execute();
    });
    after = rows.at(-1)!.id;
  }
}
