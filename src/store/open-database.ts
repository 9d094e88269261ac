import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SqliteDatabase as Database } from './sqlite-database';
import type { DatabaseConnection } from 'kysely';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver } from 'kysely';
import { Pool } from 'pg';
import { cachedStatements } from './cached-statements';
import type { DatabaseTarget } from './database-target';
import type { Tables } from './tables';

/**
 * SQLite's default `BEGIN` takes the write lock late, so two processes (the bot and the CLI) that
 * both read then write can fail with SQLITE_BUSY without waiting. `BEGIN IMMEDIATE` takes it at the
 * start, and `busy_timeout` makes the other side wait its turn instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(settings);
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.settings);
  }
}

/** Opens the database: SQLite in WAL mode with full sync, foreign keys and reused prepared statements, or a PostgreSQL pool. */
export function openDatabase(target: DatabaseTarget): Kysely<Tables> {
  if (target.kind === 'postgres') {
    const pool = new Pool({ connectionString: target.url, max: 10, connectionTimeoutMillis: 5000 });
    // An idle connection dropped by the server (restart, failover) is discarded by the pool; the next query opens a new one.
    pool.on('error', () => undefined);
    return new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  }
  if (target.file !== ':memory:') createFolder(dirname(target.file));
  const sqlite = new Database(target.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  return new Kysely<Tables>({ dialect: new ImmediateSqliteDialect({ database: cachedStatements(sqlite) }) });
}

/**
 * Creates a folder and its missing parents one level at a time. `mkdirSync(…, { recursive: true })`
 * loops forever under /proc on Node 20 (it keeps retrying a parent that reports ENOENT).
 */
function createFolder(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) createFolder(parent);
  try {
    mkdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
