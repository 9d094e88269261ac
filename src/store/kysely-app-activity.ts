import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import type { AppActivity } from '../ports/app-activity';
import { toApp } from './row-mapping';
import type { Tables } from './tables';

/** App ids per statement, well under both dialects' bound-parameter limits. */
const CHUNK = 1000;

/** Quiet apps over kysely, inside the caller's transaction. Each condition is a range on an indexed column. */
export function kyselyAppActivity(db: Kysely<Tables> | Transaction<Tables>): AppActivity {
  return {
    async silentApps({ silentBefore, expiresBefore, retiredSince, among }) {
      const quiet = (eb: ExpressionBuilder<Tables, 'app'>) =>
        eb.and([
          eb.or([eb('last_active_at', 'is', null), eb('last_active_at', '<=', silentBefore)]),
          eb.or([eb('expires_at', 'is', null), eb('expires_at', '<=', expiresBefore)]),
          eb('created_at', '<=', silentBefore),
        ]);
      const query = db
        .selectFrom('app')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb('status', 'in', ['approved', 'expired']),
            eb.and([eb('status', '=', 'decommissioned'), eb('updated_at', '>=', retiredSince)]),
          ]),
        )
        .where(quiet);
      if (!among) return (await query.execute()).map(toApp);
      const ids = [...among];
      const rows: Awaited<ReturnType<typeof query.execute>> = [];
      for (let i = 0; i < ids.length; i += CHUNK)
        rows.push(...(await query.where('id', 'in', ids.slice(i, i + CHUNK)).execute()));
      return rows.map(toApp);
    },
    async asksSent(cycleKeys) {
      const wanted = new Set(cycleKeys);
      const appIds = [...new Set(cycleKeys.map((k) => k.split('|')[0]!))];
      const sent = new Map<string, string>();
      for (let i = 0; i < appIds.length; i += CHUNK) {
        const rows = await db
          .selectFrom('reminder')
          .select(['app_id', 'cycle', 'sent_at'])
          .where('app_id', 'in', appIds.slice(i, i + CHUNK))
          .where('obligation', '=', 'inactivity')
          .where('stage', '=', 'ask')
          .where('sent_at', 'is not', null)
          .execute();
        for (const r of rows) {
          const key = `${r.app_id}|inactivity|${r.cycle}`;
          const earliest = sent.get(key);
          if (wanted.has(key) && (!earliest || r.sent_at! < earliest)) sent.set(key, r.sent_at!);
        }
      }
      return sent;
    },
    async retireSilent(app, at) {
      const result = await db
        .updateTable('app')
        .set({ status: 'decommissioned', updated_at: at })
        .where('id', '=', app.id)
        .where('status', '=', app.status)
        .where((eb) =>
          app.lastActiveAt ? eb('last_active_at', '=', app.lastActiveAt) : eb('last_active_at', 'is', null),
        )
        .where((eb) => (app.expiresAt ? eb('expires_at', '=', app.expiresAt) : eb('expires_at', 'is', null)))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}
