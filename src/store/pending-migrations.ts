import { existsSync } from 'node:fs';
import { Migrator } from 'kysely/migration';
import { migrations } from '../../migrations';
import { databaseError } from './database-error';
import type { DatabaseTarget } from './database-target';
import { openDatabase } from './open-database';

/**
 * Connects to the database and names the migrations it has not run yet, without running them (the
 * bot runs them at start); a SQLite file that does not exist yet is not created, and needs them all. A database that cannot be opened throws `config.unusable` with the fix.
 */
export async function pendingMigrations(target: DatabaseTarget): Promise<string[]> {
  if (target.kind === 'sqlite' && target.file !== ':memory:' && !existsSync(target.file))
    return Object.keys(migrations);
  let db;
  try {
    db = openDatabase(target);
  } catch (error) {
    throw databaseError(error, target);
  }
  try {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    return (await migrator.getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
  } catch (error) {
    throw databaseError(error, target);
  } finally {
    await db.destroy().catch(() => undefined);
  }
}
