import { existsSync, renameSync, rmSync } from 'node:fs';
import { SqliteDatabase as Database } from './sqlite-database';

/** What a backup copied and what the copy's own check found. */
export interface SqliteBackup {
  pages: number;
  /** `ok`, or the problems `PRAGMA integrity_check` lists. */
  integrity: string;
}

/**
 * Copies a live SQLite database to `destination` with SQLite's online backup API, in one step, so the
 * copy is one consistent snapshot even while the bot writes (WAL mode: the writer is not blocked).
 * The copy is written beside the destination and renamed into place, then opened and checked with
 * `integrity_check`. Refuses to overwrite an existing file.
 */
export async function backupSqlite(source: string, destination: string): Promise<SqliteBackup> {
  if (existsSync(destination)) throw Object.assign(new Error(`${destination} exists`), { code: 'EEXIST' });
  const partial = `${destination}.partial`;
  const db = new Database(source, { readonly: true, fileMustExist: true });
  let pages: number;
  try {
    db.pragma('busy_timeout = 5000');
    ({ totalPages: pages } = await db.backup(partial, { progress: ({ totalPages }) => totalPages + 1 }));
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
  renameSync(partial, destination);
  const copy = new Database(destination, { readonly: true, fileMustExist: true });
  try {
    const rows = copy.pragma('integrity_check') as { integrity_check: string }[];
    return { pages, integrity: rows.map((r) => r.integrity_check).join('; ') };
  } finally {
    copy.close();
  }
}
