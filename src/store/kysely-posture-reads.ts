import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { PostureFactKind } from '../domain/posture-facts';
import type { PostureReads } from '../ports/posture-reads';
import { toApp, toAuditEvent } from './row-mapping';
import type { Tables } from './tables';

const n = (v: unknown) => Number(v ?? 0);

/** The posture dashboard's reads over kysely: grouped counts and short, indexed lists. */
export function kyselyPostureReads(db: Kysely<Tables>): PostureReads {
  const mine = (refs: readonly string[]) => {
    const list = refs.length > 0 ? [...refs] : [''];
    return db
      .selectFrom('app')
      .selectAll('app')
      .where((eb) =>
        eb.or([
          eb('app.owner', 'in', list),
          eb('app.backup_owner', 'in', list),
          eb(
            'app.id',
            'in',
            eb.selectFrom('revision').select('revision.app_id').where('revision.submitted_by', 'in', list),
          ),
        ]),
      );
  };
  return {
    async liveFactCounts() {
      const rows = await db
        .selectFrom('app_fact')
        .select((eb) => [
          'kind',
          'value',
          eb.fn.countAll<string | number>().as('apps'),
          eb.fn.sum<string | number>('secret').as('secret'),
        ])
        .where('live', '=', 1)
        .groupBy(['kind', 'value'])
        .execute();
      return rows.map((r) => ({
        kind: r.kind as PostureFactKind,
        value: r.value,
        apps: n(r.apps),
        withSecret: n(r.secret),
      }));
    },
    async appCount(statuses) {
      const row = await db
        .selectFrom('app')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('status', 'in', [...statuses])
        .executeTakeFirst();
      return n(row?.n);
    },
    async waitingByTier(cutoffs) {
      const late = Object.entries(cutoffs).map(
        ([tier, cutoff]) => sql`(app.tier = ${Number(tier)} and review.created_at < ${cutoff})`,
      );
      const lateWhen = late.length > 0 ? sql.join(late, sql` or `) : sql`1 = 0`;
      const rows = await db
        .selectFrom('review')
        .innerJoin('app', 'app.id', 'review.app_id')
        .select((eb) => [
          'app.tier',
          eb.fn.countAll<string | number>().as('waiting'),
          sql<string | number>`sum(case when ${lateWhen} then 1 else 0 end)`.as('late'),
        ])
        .where('review.status', '=', 'open')
        .groupBy('app.tier')
        .orderBy('app.tier')
        .execute();
      return rows.map((r) => ({ tier: n(r.tier), waiting: n(r.waiting), late: n(r.late) }));
    },
    async oldestWaiting(limit) {
      const rows = await db
        .selectFrom('review')
        .innerJoin('app', 'app.id', 'review.app_id')
        .select(['review.id', 'review.app_id', 'app.name', 'app.tier', 'review.created_at'])
        .where('review.status', '=', 'open')
        .orderBy('review.created_at')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        reviewId: r.id,
        appId: r.app_id,
        appName: r.name,
        tier: n(r.tier),
        createdAt: r.created_at,
      }));
    },
    async decidedSince(since) {
      const rows = await db
        .selectFrom('review')
        .innerJoin('app', 'app.id', 'review.app_id')
        .select(['app.tier', 'review.created_at', 'review.decided_at'])
        .where('review.decided_at', '>=', since)
        .execute();
      return rows.map((r) => ({ tier: n(r.tier), createdAt: r.created_at, decidedAt: r.decided_at! }));
    },
    async exceptionsInForce(now, limit) {
      const inForce = db
        .selectFrom('policy_exception')
        .innerJoin('app', 'app.id', 'policy_exception.app_id')
        .where('policy_exception.ended_at', 'is', null)
        .where('policy_exception.expires_at', '>', now);
      const [count, rows] = await Promise.all([
        inForce.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirst(),
        inForce
          .select([
            'app.id',
            'app.name',
            'policy_exception.rule_id',
            'policy_exception.expires_at',
            'policy_exception.granted_by',
          ])
          .orderBy('policy_exception.expires_at')
          .limit(limit)
          .execute(),
      ]);
      return {
        total: n(count?.n),
        rows: rows.map((r) => ({
          appId: r.id,
          appName: r.name,
          ruleId: r.rule_id,
          expiresAt: r.expires_at,
          grantedBy: r.granted_by,
        })),
      };
    },
    async expiringBetween(from, to, limit) {
      const expiring = db
        .selectFrom('app')
        .where('status', '=', 'approved')
        .where('expires_at', '>=', from)
        .where('expires_at', '<', to);
      const [count, rows] = await Promise.all([
        expiring.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirst(),
        expiring.select(['id', 'name', 'expires_at', 'owner']).orderBy('expires_at').limit(limit).execute(),
      ]);
      return {
        total: n(count?.n),
        rows: rows.map((r) => ({ appId: r.id, appName: r.name, expiresAt: r.expires_at!, owner: r.owner })),
      };
    },
    async openIncidents(limit) {
      const open = db
        .selectFrom('incident')
        .innerJoin('app', 'app.id', 'incident.app_id')
        .where('incident.resolved_at', 'is', null);
      const [count, rows] = await Promise.all([
        open.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirst(),
        open
          .select(['app.id', 'app.name', 'incident.summary', 'incident.opened_at', 'incident.acknowledged_at'])
          .orderBy('incident.opened_at')
          .limit(limit)
          .execute(),
      ]);
      return {
        total: n(count?.n),
        rows: rows.map((r) => ({
          appId: r.id,
          appName: r.name,
          summary: r.summary,
          openedAt: r.opened_at,
          acknowledgedAt: r.acknowledged_at ?? undefined,
        })),
      };
    },
    async resolvedSince(since) {
      const rows = await db
        .selectFrom('incident')
        .select(['opened_at', 'resolved_at'])
        .where('resolved_at', '>=', since)
        .execute();
      return rows.map((r) => ({ openedAt: r.opened_at, resolvedAt: r.resolved_at! }));
    },
    async appsOf(refs, limit) {
      const all = mine(refs);
      const [count, rows] = await Promise.all([
        db
          .selectFrom(all.as('m'))
          .select((eb) => eb.fn.countAll<string | number>().as('n'))
          .executeTakeFirst(),
        all.orderBy('app.name_key').limit(limit).execute(),
      ]);
      return { total: n(count?.n), rows: rows.map(toApp) };
    },
    async isAppOf(appId, refs) {
      const row = await mine(refs).where('app.id', '=', appId).executeTakeFirst();
      return row !== undefined;
    },
    async revisionsOf(appId) {
      const rows = await db
        .selectFrom('revision')
        .select(['id', 'number', 'created_at', 'submitted_by', 'policy_version', 'assessment'])
        .where('app_id', '=', appId)
        .orderBy('number', 'desc')
        .execute();
      return rows.map((r) => {
        const a = JSON.parse(r.assessment) as { tier?: number; score?: number };
        return {
          id: r.id,
          number: n(r.number),
          createdAt: r.created_at,
          submittedBy: r.submitted_by,
          policyVersion: r.policy_version,
          tier: a.tier,
          score: a.score,
        };
      });
    },
    async auditOf(appId, limit) {
      const rows = await db
        .selectFrom('audit_event')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb('target_id', '=', appId),
            eb('target_id', 'in', eb.selectFrom('review').select('review.id').where('review.app_id', '=', appId)),
          ]),
        )
        .orderBy('seq', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toAuditEvent);
    },
  };
}
