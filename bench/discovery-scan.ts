import { randomUUID } from 'node:crypto';
import { createCore } from '../src/app/create-core';
import { createLogger } from '../src/log/logger';
import { createPeopleDirectory } from '../src/people/people-directory';
import { loadPolicy } from '../src/policy/load-policy';
import { systemClock } from '../src/ports/clock';
import type { DiscoveredFacts, DiscoveryPage, DiscoverySource } from '../src/ports/discovery-source';
import { createSecretScanner } from '../src/secrets/scan-secrets';
import type { DatabaseTarget } from '../src/store/database-target';
import { createKyselyRegistry } from '../src/store/kysely-registry';
import { migrateToLatest } from '../src/store/migrate';
import { openDatabase } from '../src/store/open-database';
import { nameKey } from '../src/store/row-mapping';
import type { Tables } from '../src/store/tables';
import { seededRandom } from './seeded-random';
import { elapsedMs } from './time-calls';

/** How big the scan is. */
export interface DiscoverySizes {
  items: number;
  pageSize: number;
  /** Registered apps, each listing one item's ref in its latest revision. */
  registered: number;
  /** Coverage computations timed. */
  coverageRuns: number;
}

/** What the part measured. */
export interface DiscoveryBench {
  dialect: DatabaseTarget['kind'];
  sizes: DiscoverySizes;
  /** The first scan: every item new. */
  scanMs: number;
  itemsPerSecond: number;
  /** The same scan again: every item known, nothing counted twice. */
  rescanMs: number;
  coverageMs: { median: number; max: number };
  coverage: number;
  stored: number;
  rssMiB: number;
}

/** An in-process source serving `items` facts in pages of `pageSize`, paced at 0 ms (the source, not the store, is what a pace protects). */
export function benchSource(items: number, pageSize: number): DiscoverySource {
  const random = seededRandom(11);
  const kinds = ['app', 'bot', 'workflow', 'flow', 'agent'] as const;
  const facts: DiscoveredFacts[] = Array.from({ length: items }, (_, i) => ({
    externalId: `item-${i}`,
    name: `Discovered app ${i}`,
    kind: kinds[i % kinds.length]!,
    people: [{ displayName: `Maker ${i % 5000}`, email: `maker${i % 5000}@example.com` }],
    createdAt: new Date(Date.UTC(2025, 0, 1) + random.int(600) * 86_400_000).toISOString(),
    url: `https://apps.example.com/items/${i}`,
    permissions: i % 4 === 0 ? ['chat:write', 'files:read'] : [],
  }));
  return {
    name: 'bench',
    paceMs: 0,
    async scanPage(cursor?: string): Promise<DiscoveryPage> {
      const from = Number(cursor ?? 0);
      const to = Math.min(items, from + pageSize);
      return { items: facts.slice(from, to), cursor: to < items ? String(to) : undefined };
    },
  };
}

/**
 * Seeds `registered` approved apps whose refs name every (items / registered)-th item, then scans
 * `items` items from a paged in-process source through the real use case (secret scan of every page,
 * one transaction per page), scans again (every item known), and times the coverage computation.
 */
export async function discoveryScan(
  target: DatabaseTarget,
  policyDir: string,
  sizes: DiscoverySizes,
): Promise<DiscoveryBench> {
  await seedRegistered(target, sizes);
  const registry = await createKyselyRegistry(target);
  try {
    const policy = await loadPolicy(policyDir);
    const source = benchSource(sizes.items, sizes.pageSize);
    const core = createCore({
      registry,
      policy: () => policy,
      scanner: createSecretScanner(),
      clock: systemClock,
      logger: createLogger({ level: 'error', write: () => undefined }),
      directory: createPeopleDirectory({ people: registry.people, messengers: new Map(), clock: systemClock }),
      platforms: ['slack'],
      discoverySources: [source],
    });
    let start = process.hrtime.bigint();
    const [first] = await core.runDiscovery();
    const scanMs = elapsedMs(start);
    if (first?.outcome !== 'complete' || first.added !== sizes.items)
      throw new Error(`the bench scan did not complete: ${JSON.stringify(first)}`);
    start = process.hrtime.bigint();
    const [second] = await core.runDiscovery();
    const rescanMs = elapsedMs(start);
    if (second?.added !== 0) throw new Error('the rescan counted items twice');
    const runs: number[] = [];
    let coverage = 0;
    for (let i = 0; i < sizes.coverageRuns; i++) {
      start = process.hrtime.bigint();
      coverage = (await core.discoveryCoverage()).coverage;
      runs.push(elapsedMs(start));
    }
    runs.sort((a, b) => a - b);
    const stored = (await registry.read((tx) => tx.discovered.counts(new Date().toISOString()))).reduce(
      (n, c) => n + c.items,
      0,
    );
    return {
      dialect: target.kind,
      sizes,
      scanMs,
      itemsPerSecond: (sizes.items * 1000) / scanMs,
      rescanMs,
      coverageMs: { median: runs[Math.floor(runs.length / 2)]!, max: runs.at(-1)! },
      coverage,
      stored,
      rssMiB: process.memoryUsage().rss / 2 ** 20,
    };
  } finally {
    await registry.close();
  }
}

/** One line of what the part measured. */
export function describeDiscovery(d: DiscoveryBench): string {
  return `${d.stored} items stored; scan ${(d.scanMs / 1000).toFixed(1)} s (${Math.round(d.itemsPerSecond)} items/s), rescan ${(d.rescanMs / 1000).toFixed(1)} s; coverage ${d.coverage.toFixed(3)} in median ${d.coverageMs.median.toFixed(0)} ms (max ${d.coverageMs.max.toFixed(0)} ms); RSS ${d.rssMiB.toFixed(0)} MiB`;
}

async function seedRegistered(target: DatabaseTarget, sizes: DiscoverySizes): Promise<void> {
  const db = openDatabase(target);
  try {
    await migrateToLatest(db);
    const every = Math.floor(sizes.items / sizes.registered);
    const at = '2026-12-01T10:00:00.000Z';
    await db.transaction().execute(async (trx) => {
      for (let first = 0; first < sizes.registered; first += 500) {
        const apps: Tables['app'][] = [];
        const refs: Tables['app_external_ref'][] = [];
        for (let i = first; i < Math.min(sizes.registered, first + 500); i++) {
          const id = randomUUID();
          const name = `Registered bench app ${i}`;
          apps.push({
            id,
            name,
            name_key: nameKey(name),
            status: 'approved',
            owner: 'slack:UBENCH',
            backup_owner: null,
            business_unit: 'Operations',
            tier: 1,
            score: 1,
            current_revision_id: id,
            approved_revision_id: id,
            expires_at: null,
            created_at: at,
            updated_at: at,
            retention_days: null,
            sandbox_since: null,
            last_active_at: null,
          });
          refs.push({ ref: `bench:item-${i * every}`, app_id: id, listed_at: at });
        }
        await trx.insertInto('app').values(apps).execute();
        await trx.insertInto('app_external_ref').values(refs).execute();
      }
    });
  } finally {
    await db.destroy();
  }
}
