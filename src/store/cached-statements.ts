import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** The part of a better-sqlite3 database the cache uses. */
interface PreparingDatabase {
  close(): unknown;
  prepare(sql: string): SqliteStatement & { readonly busy?: boolean };
}

/**
 * The database as kysely's SQLite dialect sees it, with prepared statements kept and reused by SQL
 * text (least recently used dropped past `size`). Kysely prepares every query it runs, and compiling
 * SQL costs SQLite more than running a small indexed query does. A statement still being iterated
 * (a streamed query) is not handed out twice: a fresh one is prepared for that call.
 */
export function cachedStatements(database: PreparingDatabase, size = 500): SqliteDatabase {
  const kept = new Map<string, SqliteStatement & { readonly busy?: boolean }>();
  return {
    close: () => {
      kept.clear();
      database.close();
    },
    prepare(sql) {
      const found = kept.get(sql);
      if (found) {
        if (found.busy) return database.prepare(sql);
        kept.delete(sql);
        kept.set(sql, found);
        return found;
      }
      const statement = database.prepare(sql);
      if (kept.size >= size) kept.delete(kept.keys().next().value!);
      kept.set(sql, statement);
      return statement;
    },
  };
}
