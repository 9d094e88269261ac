import type { Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { migrations } from '../../migrations';

/** Brings the schema up to date; the same migrations serve SQLite and PostgreSQL. Returns the names applied. */
// biome-ignore lint/suspicious/noExplicitAny: Kysely's Migrator takes a database of no particular schema, like the migrations
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
