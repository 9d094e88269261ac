import type BetterSqlite3 from 'better-sqlite3';

/** Node's major version, which decides the SQLite driver. */
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

/**
 * The SQLite driver that works on this Node. better-sqlite3 12 uses Node's internal ObjectWrap, and
 * on Node 24.19 and later a statement collected by the garbage collector can abort the whole process
 * (`Assertion failed: (env) != nullptr` in RemoveEnvironmentCleanupHook, nodejs/node#65446);
 * better-sqlite3 13 uses Node-API and does not, but crashes on Node 20. Both are installed (13 under
 * the alias `better-sqlite3-napi`, with prebuilt binaries); only the one for this Node is loaded.
 */
export const SqliteDatabase: typeof BetterSqlite3 =
  NODE_MAJOR >= 22 ? require('better-sqlite3-napi') : require('better-sqlite3');

/** An open SQLite connection. */
export type SqliteConnection = BetterSqlite3.Database;
