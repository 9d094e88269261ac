import type { Client } from 'pg';
import { SWEEP_LOCK } from '../../src/store/kysely-sweep-lock';

/** Who holds the reminder sweep's advisory lock in one database now, and since when their transaction runs. */
export interface SweepLockHolder {
  /** The holder connection's application_name (the replica, when its DATABASE_URL names one). */
  applicationName: string;
  /** How long the holder's transaction has been open. */
  heldMs: number;
  /** The holder's current (or last) statement: a sweep's, or a health round's claim (which takes the lock briefly). */
  query: string;
}

/**
 * Reads pg_locks for the sweep lock (a bigint advisory lock shows as classid = its high 32 bits,
 * objid = its low 32 bits, objsubid = 1) in the database `client` is connected to.
 */
export async function sweepLockHolder(client: Client): Promise<SweepLockHolder | undefined> {
  const key = BigInt(SWEEP_LOCK);
  const { rows } = await client.query<{ application_name: string; held_ms: number; query: string }>(
    `select a.application_name, a.query, extract(epoch from (clock_timestamp() - a.xact_start)) * 1000 as held_ms
       from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.granted and l.objsubid = 1
        and l.database = (select oid from pg_database where datname = current_database())
        and l.classid = $1 and l.objid = $2`,
    [String(key >> 32n), String(key & 0xffffffffn)],
  );
  const row = rows[0];
  return row && { applicationName: row.application_name, heldMs: Number(row.held_ms), query: row.query };
}
