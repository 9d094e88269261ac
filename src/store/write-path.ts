import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { DatabaseTarget } from './database-target';
import { groupCommit } from './group-commit';
import type { Tables } from './tables';
import { walSync } from './wal-sync';

/** How the stores write. */
export interface WritePath {
  /** Runs `work` atomically; settles once it is durable. */
  transaction<T>(work: (trx: Transaction<Tables>) => Promise<T>): Promise<T>;
  /** Runs a single write statement; settles once it is durable. */
  write<T>(work: (db: Kysely<Tables> | Transaction<Tables>) => Promise<T>): Promise<T>;
  /** Lets go of what the path holds (call after closing the database). */
  close(): Promise<void>;
}

/**
 * The stores' writes. PostgreSQL keeps a transaction per unit and runs single statements on their
 * own (the server groups commits itself). SQLite has one connection, so all writes share one group
 * commit (see `groupCommit`): under load many transactions and single statements land with one
 * commit. For an SQLite file the sync to disk after each group then runs off the event loop (see
 * `walSync`), with SQLite's own sync at commit turned off for this connection; a plain group commit
 * (SQLite syncing at commit) is what a connection opened elsewhere gets.
 */
export async function writePath(
  db: Kysely<Tables>,
  target: DatabaseTarget | DatabaseTarget['kind'],
): Promise<WritePath> {
  const kind = typeof target === 'string' ? target : target.kind;
  if (kind === 'postgres')
    return {
      transaction: (work) => db.transaction().execute(work),
      write: (work) => work(db),
      close: async () => undefined,
    };
  const file =
    typeof target === 'object' && target.kind === 'sqlite' && target.file !== ':memory:' ? target.file : undefined;
  if (!file) {
    const grouped = groupCommit(db);
    return { transaction: grouped, write: grouped, close: async () => undefined };
  }
  const wal = walSync(file);
  await sql`pragma synchronous = normal`.execute(db);
  const grouped = groupCommit(db, { afterCommit: wal.sync });
  return { transaction: grouped, write: grouped, close: wal.close };
}
