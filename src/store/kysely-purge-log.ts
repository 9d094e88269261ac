import type { Kysely, Transaction } from 'kysely';
import type { PurgeObligation } from '../domain/purge-answer';
import type { PurgeLog } from '../ports/purge-log';
import type { Tables } from './tables';

/** Purge answers over kysely, inside the caller's transaction. */
export function kyselyPurgeLog(db: Kysely<Tables> | Transaction<Tables>): PurgeLog {
  return {
    async insert(a) {
      await db
        .insertInto('purge_answer')
        .values({
          id: a.id,
          app_id: a.appId,
          obligation: a.obligation,
          cycle: a.cycle,
          outcome: a.outcome,
          answered_by: a.answeredBy,
          answered_at: a.answeredAt,
        })
        .execute();
    },
    async answers(appId, obligation, cycle) {
      const rows = await db
        .selectFrom('purge_answer')
        .selectAll()
        .where('obligation', '=', obligation)
        .where('cycle', '=', cycle)
        .where('app_id', '=', appId)
        .orderBy('answered_at')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        appId: r.app_id,
        obligation: r.obligation as PurgeObligation,
        cycle: r.cycle,
        outcome: r.outcome === 'purged' ? 'purged' : 'not_purged',
        answeredBy: r.answered_by,
        answeredAt: r.answered_at,
      }));
    },
    async purgedSince(obligation, since) {
      const rows = await db
        .selectFrom('purge_answer')
        .select(['app_id', 'cycle'])
        .where('obligation', '=', obligation)
        .where('cycle', '>=', since)
        .where('outcome', '=', 'purged')
        .execute();
      return new Set(rows.map((r) => `${r.app_id}|${r.cycle}`));
    },
  };
}
