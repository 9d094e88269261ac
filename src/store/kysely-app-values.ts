import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { AppValueAnswer } from '../domain/app-value';
import type { AppValues } from '../ports/app-values';
import { chunks } from './batched-lists';
import type { Tables } from './tables';

/** Value answers over kysely, inside the caller's transaction. */
export function kyselyAppValues(db: Kysely<Tables> | Transaction<Tables>): AppValues {
  return {
    async record(a) {
      await db
        .insertInto('app_value')
        .values({
          app_id: a.appId,
          revision_id: a.revisionId,
          hours_saved_per_month: a.hoursSavedPerMonth ?? null,
          users: a.users ?? null,
          answered_by: a.answeredBy,
          answered_at: a.answeredAt,
        })
        .execute();
    },
    async latest(appIds) {
      const found = new Map<string, AppValueAnswer>();
      for (const ids of chunks([...new Set(appIds)])) {
        const rows = await db
          .selectFrom('app_value')
          .selectAll()
          .where('app_id', 'in', ids)
          .orderBy('answered_at')
          .execute();
        for (const r of rows)
          found.set(r.app_id, {
            appId: r.app_id,
            revisionId: r.revision_id,
            hoursSavedPerMonth: r.hours_saved_per_month ?? undefined,
            users: r.users ?? undefined,
            answeredBy: r.answered_by,
            answeredAt: r.answered_at,
          });
      }
      return found;
    },
    async ranked(statuses, limit) {
      const newest = db
        .selectFrom('app_value as v')
        .innerJoin('app', 'app.id', 'v.app_id')
        .where('app.status', 'in', [...statuses])
        .where(({ eb, selectFrom }) =>
          eb(
            'v.answered_at',
            '=',
            selectFrom('app_value as w')
              .select(({ fn }) => fn.max('w.answered_at').as('at'))
              .whereRef('w.app_id', '=', 'v.app_id'),
          ),
        );
      const [rows, count] = await Promise.all([
        newest
          .select([
            'v.app_id',
            'v.revision_id',
            'v.hours_saved_per_month',
            'v.users',
            'v.answered_by',
            'v.answered_at',
            'app.name',
            'app.tier',
            'app.status',
          ])
          .orderBy(sql`coalesce(v.hours_saved_per_month, -1)`, 'desc')
          .orderBy('app.name')
          .limit(limit)
          .execute(),
        newest.select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirst(),
      ]);
      return {
        total: Number(count?.n ?? 0),
        apps: rows.map((r) => ({
          appId: r.app_id,
          revisionId: r.revision_id,
          hoursSavedPerMonth: r.hours_saved_per_month ?? undefined,
          users: r.users ?? undefined,
          answeredBy: r.answered_by,
          answeredAt: r.answered_at,
          name: r.name,
          tier: Number(r.tier),
          status: r.status,
        })),
      };
    },
  };
}
