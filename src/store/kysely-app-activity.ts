import type { Kysely, Transaction } from 'kysely';
import type { AppActivity } from '../ports/app-activity';
import { forApps } from './for-apps';
import { toApp } from './row-mapping';
import type { Tables } from './tables';

/** App ids per statement, well under both dialects' bound-parameter limits. */
const CHUNK = 1000;

/** Quiet apps over kysely, inside the caller's transaction. Each condition is a range on an indexed column. */
export function kyselyAppActivity(
  db: Kysely<Tables> | Transaction<Tables>,
  dialect: 'sqlite' | 'postgres',
): AppActivity {
  return {
    async silentApps({ silentBefore, expiresBefore, retiredSince, among }) {
      const rows = await forApps(db, dialect, among, (apps) =>
        apps
          .selectAll('app')
          .where((eb) =>
            eb.or([
              eb('app.status', 'in', ['approved', 'expired']),
              eb.and([eb('app.status', '=', 'decommissioned'), eb('app.updated_at', '>=', retiredSince)]),
            ]),
          )
          .where((eb) =>
            eb.and([
              eb.or([eb('app.last_active_at', 'is', null), eb('app.last_active_at', '<=', silentBefore)]),
              eb.or([eb('app.expires_at', 'is', null), eb('app.expires_at', '<=', expiresBefore)]),
              eb('app.created_at', '<=', silentBefore),
            ]),
          ),
      );
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
