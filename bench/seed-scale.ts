import { fromAuditEvent } from '../src/store/row-mapping';
import { sql } from 'kysely';
import type { AuditEvent } from '../src/domain/audit';
import { GENESIS_HASH, canonicalJson, hashEvent } from '../src/domain/audit';
import { loadPolicy } from '../src/policy/load-policy';
import type { DatabaseTarget } from '../src/store/database-target';
import { migrateToLatest } from '../src/store/migrate';
import { openDatabase } from '../src/store/open-database';
import type { Tables } from '../src/store/tables';
import { seedFacts } from './dashboard-render';
import { manifestCorpus } from './manifest-corpus';
import { SEEDED_AT, seedApps } from './seed-apps';
import { seededRandom } from './seeded-random';
import { elapsedMs } from './time-calls';

/** What the scale seeding wrote, and how long it took. */
export interface ScaleSeed {
  apps: number;
  revisions: number;
  reviews: number;
  auditEvents: number;
  /** Rows of `app_fact` (what the estate page counts). */
  facts: number;
  seedMs: number;
}

/** When the scale part sweeps the seeded registry: the Monday morning it describes (see {@link SEEDED_AT}). */
export const SCALE_AT = SEEDED_AT;

/** Apps in one seeding transaction; each statement inserts at most ROWS rows. */
const PAGE = 5000;
const ROWS = 1000;
const DAY_MS = 86_400_000;
const DECISION: Record<string, { review: string; action: string }> = {
  approved: { review: 'approved', action: 'app.approved' },
  expired: { review: 'approved', action: 'app.approved' },
  decommissioned: { review: 'approved', action: 'app.approved' },
  pending_review: { review: 'open', action: 'review.opened' },
  rejected: { review: 'denied', action: 'app.rejected' },
  prohibited: { review: 'denied', action: 'app.prohibited' },
};

/**
 * Migrates the database at `target` and bulk-loads a registry of `apps` apps the way years of use
 * leave it, without the use cases: the apps of {@link seedApps}; three in ten with an earlier
 * revision beside the current one (about 1.3 revisions per app, manifests from the bench corpus);
 * a review per revision of tier 2 or above (open for apps waiting for review, else decided); four
 * audit events per app (submitted, reviewed, decided, and an update or a reminder) chained by hash
 * exactly as the audit log chains them, so `audit verify` passes; and the posture facts of current
 * manifests. All but one app in 16 reported use five days before {@link SCALE_AT}. Multi-row inserts of up to 1,000 rows, one transaction per 5,000 apps. PostgreSQL
 * gets an `analyze` after the load, as autovacuum would give it soon after.
 */
export async function seedScale(target: DatabaseTarget, policyDir: string, apps: number): Promise<ScaleSeed> {
  const corpus = manifestCorpus(await loadPolicy(policyDir), 200);
  const db = openDatabase(target);
  try {
    await migrateToLatest(db);
    const start = process.hrtime.bigint();
    await seedApps(db, apps);
    await db
      .updateTable('app')
      .set({ last_active_at: new Date(SCALE_AT.getTime() - 5 * DAY_MS).toISOString() })
      .where('id', 'not like', '%0')
      .execute();
    const random = seededRandom(24);
    const chain = { seq: 0, hash: GENESIS_HASH };
    const counts = { revisions: 0, reviews: 0, auditEvents: 0 };
    let after = '';
    for (;;) {
      const page = await db
        .selectFrom('app')
        .select(['id', 'name', 'owner', 'status', 'tier', 'current_revision_id', 'created_at'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute();
      if (page.length === 0) break;
      const revisions: Tables['revision'][] = [];
      const reviews: Tables['review'][] = [];
      const events: Tables['audit_event'][] = [];
      for (const app of page) {
        const manifest = (n: number) =>
          JSON.stringify({ ...corpus[(counts.revisions + n) % corpus.length]!, name: app.name, owner: app.owner });
        const created = Date.parse(app.created_at);
        const earlier = random.chance(0.3);
        const decision = DECISION[app.status] ?? DECISION.approved!;
        const suffix = app.id.slice(-12);
        const ids = earlier ? [`00000000-0000-4000-b000-${suffix}`] : [];
        ids.push(app.current_revision_id);
        ids.forEach((id, n) => {
          const at = new Date(created + n * 30 * DAY_MS).toISOString();
          revisions.push({
            id,
            app_id: app.id,
            number: n + 1,
            manifest: manifest(n),
            assessment: '{}',
            policy_version: 'bench',
            submitted_by: app.owner,
            created_at: at,
          });
          if (app.tier < 2) return;
          const current = n === ids.length - 1;
          const status = current ? decision.review : 'approved';
          reviews.push({
            id: `00000000-0000-4000-c00${n}-${suffix}`,
            app_id: app.id,
            revision_id: id,
            status,
            required_approvals: JSON.stringify([{ role: 'security', count: 1 }]),
            version: status === 'open' ? 1 : 2,
            decided_by: status === 'open' ? null : 'slack:UREVIEWER',
            decided_at: status === 'open' ? null : at,
            reason: status === 'denied' ? 'Not allowed here.' : null,
            created_at: at,
          });
        });
        const actions = [
          'registration.submitted',
          app.tier >= 2 ? 'review.opened' : 'policy.assessed',
          decision.action,
          earlier ? 'app.updated' : 'reminder.sent',
        ];
        for (const [n, action] of actions.entries())
          events.push(auditRow(chain, action, app.id, app.owner, new Date(created + n * DAY_MS).toISOString()));
      }
      await db.transaction().execute(async (trx) => {
        for (const [table, rows] of [
          ['revision', revisions],
          ['review', reviews],
          ['audit_event', events],
        ] as const)
          for (let i = 0; i < rows.length; i += ROWS)
            await trx
              .insertInto(table)
              .values(rows.slice(i, i + ROWS) as never)
              .execute();
        await trx.updateTable('audit_head').set({ seq: chain.seq, hash: chain.hash }).where('id', '=', 1).execute();
      });
      counts.revisions += revisions.length;
      counts.reviews += reviews.length;
      counts.auditEvents += events.length;
      after = page.at(-1)!.id;
    }
    await seedFacts(db);
    if (target.kind === 'postgres') await sql`analyze`.execute(db);
    const facts = await db
      .selectFrom('app_fact')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    return { apps, ...counts, facts: Number(facts.n), seedMs: elapsedMs(start) };
  } finally {
    await db.destroy();
  }
}

/** The next event of the chain, hashed as `kyselyAuditLog.append` hashes it; advances `chain`. */
function auditRow(
  chain: { seq: number; hash: string },
  action: string,
  appId: string,
  actor: string,
  at: string,
): Tables['audit_event'] {
  const body: Omit<AuditEvent, 'hash'> = {
    seq: chain.seq + 1,
    id: `00000000-0000-4000-9000-${(chain.seq + 1).toString(16).padStart(12, '0')}`,
    at,
    actorPlatform: 'slack',
    actorTenant: 'TBENCH',
    actorUser: actor,
    action,
    targetType: 'app',
    targetId: appId,
    outcome: 'success',
    reason: null,
    policyVersion: 'bench',
    riskScore: null,
    details: canonicalJson({}),
    prevHash: chain.hash,
  };
  chain.seq = body.seq;
  chain.hash = hashEvent(body);
  return fromAuditEvent({ ...body, hash: chain.hash });
}
