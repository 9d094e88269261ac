import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import type { SweepChanges, TimeRange } from '../ports/sweep-changes';
import type { Tables } from './tables';

type Db = Kysely<Tables> | Transaction<Tables>;

/** What changed since the last sweep, over kysely: each question a range on one indexed column. */
export function kyselySweepChanges(db: Db): SweepChanges {
  return {
    async changedApps(since, cap) {
      const [updated, used, purged, snoozed, capped] = await Promise.all([
        db.selectFrom('app').select('id').where('updated_at', '>=', since).execute(),
        db
          .selectFrom('reminder')
          .innerJoin('app', 'app.id', 'reminder.app_id')
          .select('app.id')
          .where('reminder.state', '=', 'pending')
          .where('reminder.obligation', '=', 'inactivity')
          .where('app.last_active_at', '>=', since)
          .execute(),
        db.selectFrom('purge_answer').select('app_id as id').where('answered_at', '>=', since).execute(),
        db
          .selectFrom('reminder')
          .select('app_id as id')
          .where('state', '=', 'pending')
          .where('sends', '>', 0)
          .execute(),
        db
          .selectFrom('reminder as r')
          .select('r.app_id as id')
          .where('r.sent_at', '>=', since)
          .where((eb) =>
            eb(
              eb
                .selectFrom('reminder as t')
                .select((t) => t.fn.sum<number | string>('t.sends').as('n'))
                .whereRef('t.app_id', '=', 'r.app_id')
                .whereRef('t.obligation', '=', 'r.obligation')
                .whereRef('t.cycle', '=', 'r.cycle')
                .whereRef('t.recipient', '=', 'r.recipient'),
              '>=',
              cap,
            ),
          )
          .execute(),
      ]);
      return new Set([...updated, ...used, ...purged, ...snoozed, ...capped].map((r) => r.id));
    },
    async appsCrossing(ranges) {
      const within = (column: 'expires_at' | 'created_at' | 'last_active_at' | 'updated_at', list: TimeRange[]) =>
        list.map((r) =>
          db.selectFrom('app').select('id').where(column, '>=', r.from).where(column, '<=', r.to).execute(),
        );
      const asked = ranges.inactivityAskedAt.map((r) =>
        db
          .selectFrom('reminder')
          .select('app_id as id')
          .where('sent_at', '>=', r.from)
          .where('sent_at', '<=', r.to)
          .where((eb: ExpressionBuilder<Tables, 'reminder'>) =>
            eb.and([eb('obligation', '=', 'inactivity'), eb('stage', '=', 'ask')]),
          )
          .execute(),
      );
      const rows = await Promise.all([
        ...within('expires_at', ranges.expiresAt),
        ...within('created_at', ranges.createdAt),
        ...within('last_active_at', ranges.lastActiveAt),
        ...within('updated_at', ranges.retiredAt),
        ...asked,
      ]);
      return new Set(rows.flat().map((r) => r.id));
    },
  };
}
