import type { Kysely, Transaction } from 'kysely';
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
  };
}
