import type { AppError } from '../domain/errors';
import { unusableSetting } from '../domain/errors';
import type { DatabaseTarget } from './database-target';
import { describeTarget } from './database-target';

type Fix = (where: string) => string;

/** PostgreSQL and network failures by SQLSTATE or errno, with what to change. */
const POSTGRES: Record<string, Fix> = {
  ECONNREFUSED: (w) => `nothing answers at ${w}: start PostgreSQL there, or correct the host and port in DATABASE_URL.`,
  ENOTFOUND: (w) => `the host of ${w} does not resolve: correct the host name in DATABASE_URL.`,
  EAI_AGAIN: (w) =>
    `the host of ${w} could not be looked up (DNS): check the name in DATABASE_URL and this machine's DNS.`,
  ETIMEDOUT: (w) =>
    `${w} did not answer in time: check the host, the port and any firewall between this machine and PostgreSQL.`,
  EHOSTUNREACH: (w) => `${w} is unreachable from this machine: check the host in DATABASE_URL and the network.`,
  ECONNRESET: (w) =>
    `${w} closed the connection: check that DATABASE_URL points at PostgreSQL and whether the server requires TLS (add ?sslmode=require).`,
  '28P01': (w) =>
    `${w} refused the user name or password: correct the credentials in DATABASE_URL (percent-encode special characters).`,
  '28000': (w) =>
    `${w} does not allow this user from this machine: add a pg_hba.conf entry for it, or use another user in DATABASE_URL.`,
  '3D000': (w) => `the database in ${w} does not exist: create it (createdb) or correct its name in DATABASE_URL.`,
  '42501': (w) =>
    `the user in DATABASE_URL may not create tables in ${w}: grant it CREATE on the schema, or use the database's owner.`,
  '53300': (w) => `${w} has no free connections: raise max_connections or lower the number of replicas.`,
  '57P03': (w) => `${w} is starting up or shutting down: wait for it and start the bot again.`,
};

/** SQLite and file-system failures, with what to change. */
const SQLITE: Record<string, Fix> = {
  EACCES: (w) =>
    `this user may not create or write ${w}: give it write access to the folder, or point DATABASE_URL at a writable path.`,
  EPERM: (w) =>
    `this user may not create or write ${w}: give it write access to the folder, or point DATABASE_URL at a writable path.`,
  EROFS: (w) =>
    `${w} is on a read-only file system: point DATABASE_URL at a writable path, like sqlite:./data/microapp.db.`,
  ENOTDIR: (w) => `part of the path of ${w} is a file, not a folder: correct the path in DATABASE_URL.`,
  ENOENT: (w) => `the folder of ${w} cannot be created: correct the path in DATABASE_URL.`,
  SQLITE_CANTOPEN: (w) =>
    `${w} cannot be opened: check that the path in DATABASE_URL is a writable file on a local disk.`,
  SQLITE_READONLY: (w) =>
    `${w} is read-only: give this user write access to the file and its folder (SQLite writes -wal and -shm files beside it).`,
  SQLITE_NOTADB: (w) => `${w} is not an SQLite database: point DATABASE_URL at the bot's database, or at a new file.`,
  SQLITE_CORRUPT: (w) => `${w} is damaged: restore it from a backup (see docs/operations.md).`,
  SQLITE_FULL: (w) => `the disk holding ${w} is full: free space, then start again.`,
  SQLITE_BUSY: (w) =>
    `${w} stayed locked by another process: stop whatever holds it (a stuck CLI command, a second copy of the bot on SQLite).`,
};

/**
 * Turns a failure to open or migrate the database into a `config.unusable` error naming
 * DATABASE_URL (without its password) and the fix; the original error stays as the cause.
 */
export function databaseError(error: unknown, target: DatabaseTarget): AppError {
  const where = describeTarget(target);
  const code = errorCode(error);
  const fixes = target.kind === 'postgres' ? POSTGRES : SQLITE;
  const fix = (code && (fixes[code] ?? fixes[code.replace(/_[A-Z]+$/, '')])) || undefined;
  const problem = fix
    ? fix(where)
    : `${where} could not be opened or brought up to date (${code ?? (error as Error)?.message ?? String(error)}): check DATABASE_URL and the database server.`;
  return unusableSetting(`DATABASE_URL: ${problem}`, error);
}

function errorCode(error: unknown): string | undefined {
  for (
    let e = error as { code?: unknown; cause?: unknown; errors?: unknown[] } | undefined, depth = 0;
    e && depth < 5;
    depth++
  ) {
    if (typeof e.code === 'string') return e.code;
    e = (e.cause ?? (Array.isArray(e.errors) ? e.errors[0] : undefined)) as typeof e;
  }
  return undefined;
}
