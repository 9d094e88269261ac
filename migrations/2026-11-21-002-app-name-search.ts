import type { Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

/**
 * Fast name search on PostgreSQL: `name_key like '%term%'` cannot use a btree index, so at 100,000
 * apps the planner guesses badly and reads the whole table. A trigram index plus finer statistics
 * keep a search page in single-digit milliseconds. SQLite walks its name index in order, which is
 * fast enough there, so this does nothing on SQLite. Skipped where the server lacks pg_trgm
 * (search still works, just slower).
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  const available = await sql<{
    name: string;
  }>`select name from pg_available_extensions where name = 'pg_trgm'`.execute(db);
  if (available.rows.length === 0) return;
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create index app_name_key_trgm on app using gin (name_key gin_trgm_ops)`.execute(db);
  await sql`alter table app alter column name_key set statistics 1000`.execute(db);
}

/** Drops the trigram index. */
export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop index if exists app_name_key_trgm`.execute(db);
}
