import type { Kysely, Selectable, Transaction } from 'kysely';
import type { PolicyException } from '../domain/policy-exception';
import type { ExceptionLog } from '../ports/exception-log';
import type { Tables } from './tables';

/** Policy exceptions over kysely, inside the caller's transaction. */
export function kyselyExceptionLog(db: Kysely<Tables> | Transaction<Tables>): ExceptionLog {
  const open = () => db.selectFrom('policy_exception').selectAll().where('ended_at', 'is', null);
  return {
    async insert(e) {
      await db
        .insertInto('policy_exception')
        .values({
          id: e.id,
          app_id: e.appId,
          rule_id: e.ruleId,
          controls: e.controls,
          granted_by: e.grantedBy,
          granted_at: e.grantedAt,
          expires_at: e.expiresAt,
          ended_at: null,
          ended_by: null,
        })
        .execute();
    },
    async activeFor(appId) {
      return (await open().where('app_id', '=', appId).orderBy('expires_at').execute()).map(toException);
    },
    async expiringBetween(from, to, endedBy) {
      const rows = await db
        .selectFrom('policy_exception')
        .selectAll()
        .where('expires_at', '>=', from)
        .where('expires_at', '<', to)
        .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_by', '=', endedBy)]))
        .orderBy('expires_at')
        .execute();
      return rows.map(toException);
    },
    async active() {
      return (await open().orderBy('expires_at').execute()).map(toException);
    },
    async find(id) {
      const row = await db.selectFrom('policy_exception').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toException(row);
    },
    async end(id, by, at) {
      const result = await db
        .updateTable('policy_exception')
        .set({ ended_at: at, ended_by: by })
        .where('id', '=', id)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

function toException(r: Selectable<Tables['policy_exception']>): PolicyException {
  return {
    id: r.id,
    appId: r.app_id,
    ruleId: r.rule_id,
    controls: r.controls,
    grantedBy: r.granted_by,
    grantedAt: r.granted_at,
    expiresAt: r.expires_at,
    endedAt: r.ended_at ?? undefined,
    endedBy: r.ended_by ?? undefined,
  };
}
