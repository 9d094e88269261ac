import type { Kysely } from 'kysely';
import { APP_STATUSES } from '../src/domain/app-record';
import type { AppStatus } from '../src/domain/app-record';
import { nameKey } from '../src/store/row-mapping';
import type { Tables } from '../src/store/tables';
import { appName } from './app-names';
import { personRef } from './person-ref';
import { seededRandom } from './seeded-random';
import { elapsedMs } from './time-calls';

/** What was seeded, for picking realistic filters. */
export interface SeededApps {
  rows: number;
  seedMs: number;
  /** Every owner with how many apps they own, most first. */
  owners: { owner: string; apps: number }[];
  statuses: Partial<Record<AppStatus, number>>;
}

const STATUS_WEIGHTS: [AppStatus, number][] = [
  ['approved', 0.6],
  ['pending_review', 0.12],
  ['rejected', 0.08],
  ['expired', 0.09],
  ['decommissioned', 0.08],
  ['prohibited', 0.03],
];
const QUALIFIERS = ['', '', '', ' EMEA', ' APAC', ' US', ' v2', ' beta', ' lite', ' 2025'];
const UNITS = ['Operations', 'Finance', 'Sales', 'Support', 'People', 'Engineering', 'Marketing', 'Legal'];
const DAY_MS = 86_400_000;

/**
 * The moment a seeded registry describes: every app was created between two years and a month
 * before it, and each approved app was re-certified yearly, so none has run out yet and about one in
 * 23 is due within 30 days.
 */
export const SEEDED_AT = new Date('2026-01-05T10:00:00.000Z');

/**
 * Inserts `count` rows straight into `app` (list queries read nothing else) in one transaction, in
 * multi-row inserts of `batch` rows: unique, varied names ("Sales renewal nudger EMEA"), statuses
 * weighted like a live registry (60% approved), and about `ownerCount` owners with a skewed number
 * of apps each (a few own hundreds, most own a handful).
 */
export async function seedApps(
  db: Kysely<Tables>,
  count: number,
  ownerCount = 3000,
  batch = 1000,
  seed = 42,
): Promise<SeededApps> {
  if (!APP_STATUSES.every((s) => STATUS_WEIGHTS.some(([w]) => w === s))) throw new Error('a status has no weight');
  const random = seededRandom(seed);
  const taken = new Set<string>();
  const owners = new Map<string, number>();
  const statuses: Partial<Record<AppStatus, number>> = {};
  const start = process.hrtime.bigint();
  await db.transaction().execute(async (trx) => {
    for (let first = 0; first < count; first += batch) {
      const rows: Tables['app'][] = [];
      for (let i = first; i < Math.min(count, first + batch); i++) {
        let name = `${appName(random)}${random.pick(QUALIFIERS)}`;
        for (let n = 2; taken.has(nameKey(name)); n++) name = `${name.replace(/ #\d+$/, '')} #${n}`;
        taken.add(nameKey(name));
        const owner = personRef(Math.floor(ownerCount * random.next() ** 3));
        owners.set(owner, (owners.get(owner) ?? 0) + 1);
        const status = weighted(random.next());
        statuses[status] = (statuses[status] ?? 0) + 1;
        const tier = status === 'prohibited' ? 4 : 1 + random.int(3);
        const createdMs = SEEDED_AT.getTime() - (31 + random.int(700)) * DAY_MS;
        const created = new Date(createdMs).toISOString();
        const years = createdMs + 365 * DAY_MS > SEEDED_AT.getTime() ? 1 : 2;
        const revision = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
        rows.push({
          id: `00000000-0000-4000-a000-${i.toString(16).padStart(12, '0')}`,
          name,
          name_key: nameKey(name),
          status,
          owner,
          backup_owner: random.chance(0.6) ? personRef(random.int(ownerCount)) : null,
          business_unit: random.pick(UNITS),
          tier,
          score: tier === 4 ? 10 : [2, 6, 9][tier - 1]!,
          current_revision_id: revision,
          approved_revision_id: status === 'approved' || status === 'expired' ? revision : null,
          expires_at: status === 'approved' ? new Date(createdMs + years * 365 * DAY_MS).toISOString() : null,
          created_at: created,
          updated_at: created,
          retention_days: null,
          sandbox_since: null,
          last_active_at: null,
        });
      }
      await trx.insertInto('app').values(rows).execute();
    }
  });
  return {
    rows: count,
    seedMs: elapsedMs(start),
    owners: [...owners].map(([owner, apps]) => ({ owner, apps })).sort((a, b) => b.apps - a.apps),
    statuses,
  };
}

function weighted(r: number): AppStatus {
  let sum = 0;
  for (const [status, weight] of STATUS_WEIGHTS) {
    sum += weight;
    if (r < sum) return status;
  }
  return STATUS_WEIGHTS[0]![0];
}
