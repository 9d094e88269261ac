import { sql } from 'kysely';
import { listApps } from '../src/app/queries/list-apps';
import { APP_STATUSES } from '../src/domain/app-record';
import type { AppQuery } from '../src/ports/app-catalog';
import type { DatabaseTarget } from '../src/store/database-target';
import { kyselyRegistry } from '../src/store/kysely-registry';
import { migrateToLatest } from '../src/store/migrate';
import { openDatabase } from '../src/store/open-database';
import { writePath } from '../src/store/write-path';
import { APP_NAME_PARTS } from './app-names';
import type { LatencyStats } from './latency-stats';
import { latencyStats } from './latency-stats';
import type { SeededApps } from './seed-apps';
import { seedApps } from './seed-apps';
import { seededRandom } from './seeded-random';
import { timeCalls } from './time-calls';

/** Latency of one kind of list call, and how many apps the calls returned on average. */
export interface ListCase {
  name: string;
  latency: LatencyStats;
  meanApps: number;
}

/** List latencies on one database holding `seeded.rows` apps. */
export interface ListLatency {
  seeded: Omit<SeededApps, 'owners'> & { owners: number };
  cases: ListCase[];
}

/** The list queries measured, each a function from call index to query. */
export type ListQueries = Record<string, (i: number) => Partial<AppQuery>>;

/**
 * Seeds `rows` apps into a fresh, migrated database at `target`, then times `calls` sequential
 * `listApps` calls (the use case the bot and CLI call, page size 50) of each kind: first page,
 * a page deep in the registry by `after` cursor, by status, by owner, substring search over
 * realistic words, and a search that matches nothing (the worst case: every name is read).
 * PostgreSQL gets an `analyze` after the bulk load, as autovacuum would give it soon after.
 */
export async function listLatency(
  target: DatabaseTarget,
  rows: number,
  calls = 500,
  warmup = 25,
): Promise<ListLatency> {
  const db = openDatabase(target);
  try {
    await migrateToLatest(db);
    const seeded = await seedApps(db, rows);
    if (target.kind === 'postgres') await sql`analyze app`.execute(db);
    const registry = kyselyRegistry(db, target.kind, await writePath(db, target.kind));
    const keys = (await db.selectFrom('app').select('name_key').orderBy('name_key').execute()).map((r) => r.name_key);
    const queries = listQueries(keys, seeded);
    const cases: ListCase[] = [];
    for (const [name, query] of Object.entries(queries)) {
      let apps = 0;
      const timed = await timeCalls(calls, warmup, async (i) => {
        const page = await listApps(registry, query(i));
        if (i >= warmup) apps += page.apps.length;
      });
      cases.push({ name, latency: latencyStats(timed.samplesMs), meanApps: apps / calls });
    }
    return { seeded: { ...seeded, owners: seeded.owners.length }, cases };
  } finally {
    await db.destroy();
  }
}

/** The measured query kinds over the seeded data, deterministic per call index. */
export function listQueries(sortedKeys: readonly string[], seeded: SeededApps): ListQueries {
  const random = seededRandom(99);
  const cursors = Array.from(
    { length: 1000 },
    () => sortedKeys[Math.floor(sortedKeys.length * (0.5 + 0.499 * random.next()))]!,
  );
  const { areas, subjects, kinds } = APP_NAME_PARTS;
  const terms = Array.from({ length: 1000 }, () => {
    const r = random.next();
    if (r < 0.4) return random.pick(subjects);
    if (r < 0.6) return random.pick(kinds).slice(0, 4);
    if (r < 0.8) return `${random.pick(subjects)} ${random.pick(kinds)}`;
    return `${random.pick(areas)} ${random.pick(subjects)}`;
  });
  const owners = seeded.owners.map((o) => o.owner);
  return {
    'first page': () => ({ limit: 50 }),
    'deep page (after cursor)': (i) => ({ limit: 50, after: cursors[i % cursors.length] }),
    'by status': (i) => ({ limit: 50, status: APP_STATUSES[i % APP_STATUSES.length] }),
    'by owner': (i) => ({ limit: 50, owner: owners[Math.floor(owners.length * ((i * 0.618034) % 1))] }),
    search: (i) => ({ limit: 50, search: terms[i % terms.length] }),
    'search, no match': (i) => ({ limit: 50, search: `zq${i}x` }),
  };
}
