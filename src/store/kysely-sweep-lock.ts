import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { SweepLock } from '../ports/sweep-lock';
import type { Tables } from './tables';

/** The PostgreSQL advisory lock that lets one replica sweep at a time. */
export const SWEEP_LOCK = 7_311_226_009;

/** The sweep lock over kysely, held until the caller's transaction ends: an advisory lock on PostgreSQL, SQLite's write lock otherwise. */
export function kyselySweepLock(db: Transaction<Tables> | Kysely<Tables>, dialect: 'sqlite' | 'postgres'): SweepLock {
  return {
    async take() {
      if (dialect === 'postgres') {
        const { rows } = await sql<{
          locked: boolean;
        }>`select pg_try_advisory_xact_lock(${SWEEP_LOCK}) as locked`.execute(db);
        return rows[0]?.locked === true;
      }
      await db
        .updateTable('reminder')
        .set((eb) => ({ state: eb.ref('state') }))
        .where('id', '=', '')
        .execute();
      return true;
    },
  };
}
