import type { Kysely, Transaction } from 'kysely';
import { groupCommit } from './group-commit';
import type { Tables } from './tables';

/** How the stores write. */
export interface WritePath {
  /** Runs `work` atomically; settles after the commit. */
  transaction<T>(work: (trx: Transaction<Tables>) => Promise<T>): Promise<T>;
  /** Runs a single write statement; settles once it is stored. */
  write<T>(work: (db: Kysely<Tables> | Transaction<Tables>) => Promise<T>): Promise<T>;
}

/**
 * The stores' writes for a dialect. SQLite has one connection and syncs every commit to disk, so
 * all writes share one group commit (see `groupCommit`): under load, many transactions and single
 * statements land with one sync. PostgreSQL keeps a transaction per unit and runs single statements
 * on their own (the server groups commits itself).
 */
export function writePath(db: Kysely<Tables>, dialect: 'sqlite' | 'postgres'): WritePath {
  if (dialect === 'postgres') return { transaction: (work) => db.transaction().execute(work), write: (work) => work(db) };
  const grouped = groupCommit(db);
  return { transaction: grouped, write: grouped };
}
