import type { Kysely, Selectable, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { AppHealth, HealthCheckRecord, HealthStatus } from '../domain/app-health';
import type { AppHealthStore } from '../ports/app-health-store';
import type { Tables } from './tables';

const ROUND_ID = 'health';

/** Apps' health over kysely, inside the caller's transaction. */
export function kyselyAppHealth(
  db: Kysely<Tables> | Transaction<Tables>,
  dialect: 'sqlite' | 'postgres',
): AppHealthStore {
  const endpoint =
    dialect === 'postgres'
      ? sql<string | null>`(cast(rv.manifest as json) ->> 'healthEndpoint')`
      : sql<string | null>`json_extract(rv.manifest, '$.healthEndpoint')`;
  return {
    async targets({ after, limit, checkedBefore }) {
      let query = db
        .selectFrom('app as a')
        .innerJoin('revision as rv', 'rv.id', 'a.approved_revision_id')
        .leftJoin('app_health as h', 'h.app_id', 'a.id')
        .select(['a.id', 'a.name', 'a.owner', endpoint.as('url')])
        .where('a.status', '=', 'approved')
        .where(endpoint, 'is not', null);
      if (after) query = query.where('a.id', '>', after);
      if (checkedBefore)
        query = query.where((eb) =>
          eb.or([eb('h.last_checked_at', 'is', null), eb('h.last_checked_at', '<', checkedBefore)]),
        );
      const rows = await query.orderBy('a.id').limit(limit).execute();
      return rows.map((r) => ({ appId: r.id, name: r.name, owner: r.owner, url: r.url ?? '' }));
    },
    async current(appId) {
      const row = await db.selectFrom('app_health').selectAll().where('app_id', '=', appId).executeTakeFirst();
      return row && toHealth(row);
    },
    async save(h) {
      const row = {
        app_id: h.appId,
        status: h.status,
        since: h.since,
        last_checked_at: h.lastCheckedAt,
        consecutive_failures: h.consecutiveFailures,
        last_error: h.lastError ?? null,
        alerted_at: h.alertedAt ?? null,
        escalated_at: h.escalatedAt ?? null,
      };
      const { app_id: _, ...rest } = row;
      await db
        .insertInto('app_health')
        .values(row)
        .onConflict((oc) => oc.column('app_id').doUpdateSet(rest))
        .execute();
    },
    async record(check, keep) {
      const row = {
        app_id: check.appId,
        at: check.at,
        status: check.status,
        reason: check.reason ?? null,
        ms: Math.round(check.ms),
      };
      await db
        .insertInto('app_health_check')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['app_id', 'at']).doUpdateSet({ status: row.status, reason: row.reason, ms: row.ms }),
        )
        .execute();
      const oldestKept = await db
        .selectFrom('app_health_check')
        .select('at')
        .where('app_id', '=', check.appId)
        .orderBy('at', 'desc')
        .limit(1)
        .offset(keep - 1)
        .executeTakeFirst();
      if (oldestKept)
        await db
          .deleteFrom('app_health_check')
          .where('app_id', '=', check.appId)
          .where('at', '<', oldestKept.at)
          .execute();
    },
    async history(appId, limit) {
      const rows = await db
        .selectFrom('app_health_check')
        .selectAll()
        .where('app_id', '=', appId)
        .orderBy('at', 'desc')
        .limit(limit)
        .execute();
      return rows.map(
        (r): HealthCheckRecord => ({
          appId: r.app_id,
          at: r.at,
          status: r.status as HealthStatus,
          ...(r.reason !== null && { reason: r.reason }),
          ms: r.ms,
        }),
      );
    },
    async counts() {
      const rows = await db
        .selectFrom('app_health as h')
        .innerJoin('app as a', 'a.id', 'h.app_id')
        .where('a.status', '=', 'approved')
        .select('h.status')
        .select((eb) => eb.fn.countAll<number | string>().as('apps'))
        .groupBy('h.status')
        .execute();
      return rows.map((r) => ({ status: r.status as HealthStatus, apps: Number(r.apps) }));
    },
    async troubled(limit) {
      const rows = await db
        .selectFrom('app_health as h')
        .innerJoin('app as a', 'a.id', 'h.app_id')
        .where('a.status', '=', 'approved')
        .where('h.status', '!=', 'healthy')
        .selectAll('h')
        .select('a.name')
        .orderBy(sql`case when h.status = 'failing' then 0 else 1 end`)
        .orderBy('h.since')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ ...toHealth(r), name: r.name }));
    },
    async round() {
      const row = await db.selectFrom('health_round').selectAll().where('id', '=', ROUND_ID).executeTakeFirst();
      return {
        ...(row?.lease_owner && { leaseOwner: row.lease_owner }),
        ...(row?.lease_until && { leaseUntil: row.lease_until }),
        ...(row?.last_started_at && { lastStartedAt: row.last_started_at }),
        ...(row?.last_complete_at && { lastCompleteAt: row.last_complete_at }),
      };
    },
    async saveRound(r) {
      const row = {
        id: ROUND_ID,
        lease_owner: r.leaseOwner ?? null,
        lease_until: r.leaseUntil ?? null,
        last_started_at: r.lastStartedAt ?? null,
        last_complete_at: r.lastCompleteAt ?? null,
      };
      const { id: _, ...rest } = row;
      await db
        .insertInto('health_round')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(rest))
        .execute();
    },
  };
}

function toHealth(r: Selectable<Tables['app_health']>): AppHealth {
  return {
    appId: r.app_id,
    status: r.status as HealthStatus,
    since: r.since,
    lastCheckedAt: r.last_checked_at,
    consecutiveFailures: r.consecutive_failures,
    ...(r.last_error !== null && { lastError: r.last_error }),
    ...(r.alerted_at !== null && { alertedAt: r.alerted_at }),
    ...(r.escalated_at !== null && { escalatedAt: r.escalated_at }),
  };
}
