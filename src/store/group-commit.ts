import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';

/** Runs a unit of work in a transaction and settles once that transaction has committed (or failed). */
export type TransactionRunner<DB> = <T>(work: (trx: Transaction<DB>) => Promise<T>) => Promise<T>;

interface Job<DB> {
  work: (trx: Transaction<DB>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit for a database with one connection (SQLite): units of work that arrive in the same
 * turn of the event loop, or while a group is being stored (they would wait for the connection
 * anyway), run together in the next transaction, each inside its own savepoint, so the group costs
 * one commit and one sync to disk instead of one each. Each unit still lands whole or not at all:
 * one that throws is rolled back to its savepoint and rejected alone; a failed commit rejects the
 * whole group. Promises settle only after the commit and `afterCommit` (the sync to disk, when
 * SQLite leaves it to the caller; its failure rejects the group), and the connection is held until
 * then, so nothing is reported stored, nor read by any query of this process, before it is durable.
 * A lone unit runs without a savepoint. `work` must not itself wait on this
 * runner (it would wait for itself).
 */
export function groupCommit<DB>(
  db: Kysely<DB>,
  options: { maxGroup?: number; afterCommit?: () => Promise<void> } = {},
): TransactionRunner<DB> {
  const { maxGroup = 100, afterCommit } = options;
  const queue: Job<DB>[] = [];
  let draining = false;

  const runGroup = async (group: Job<DB>[]): Promise<void> => {
    const outcomes: Outcome[] = [];
    try {
      await db.connection().execute(async (connection) => {
        await connection.transaction().execute(async (trx) => {
          group.push(...queue.splice(0, maxGroup - group.length));
          if (group.length === 1) {
            outcomes.push({ ok: true, value: await group[0]!.work(trx) });
            return;
          }
          for (const job of group) {
            await sql`savepoint group_member`.execute(trx);
            try {
              outcomes.push({ ok: true, value: await job.work(trx) });
            } catch (error) {
              outcomes.push({ ok: false, error });
              await sql`rollback to group_member`.execute(trx);
            }
            await sql`release group_member`.execute(trx);
          }
        });
        await afterCommit?.();
      });
    } catch (error) {
      group.forEach((job, i) => {
        const own = outcomes[i];
        job.reject(own && !own.ok ? own.error : error);
      });
      return;
    }
    group.forEach((job, i) => {
      const o = outcomes[i]!;
      if (o.ok) job.resolve(o.value);
      else job.reject(o.error);
    });
  };

  const drain = async () => {
    try {
      while (queue.length > 0) {
        await new Promise((resume) => setImmediate(resume));
        await runGroup(queue.splice(0, maxGroup));
      }
    } finally {
      draining = false;
    }
  };

  return <T>(work: (trx: Transaction<DB>) => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (draining) return;
      draining = true;
      void drain();
    });
}
