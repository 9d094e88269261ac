/** Which database to open: an SQLite file (the embedded default) or a PostgreSQL server. */
export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** The embedded default database file. */
export const DEFAULT_SQLITE_FILE = './data/microapp.db';

/**
 * Reads `DATABASE_URL`: empty → the SQLite default; `postgres://` or `postgresql://` → PostgreSQL;
 * `sqlite:<path>` or `file:<path>` → that SQLite file. Anything else is undefined (a config error).
 */
export function parseDatabaseUrl(value: string | undefined): DatabaseTarget | undefined {
  if (!value) return { kind: 'sqlite', file: DEFAULT_SQLITE_FILE };
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: 'postgres', url: value };
  const file = /^(sqlite|file):(.+)$/i.exec(value)?.[2];
  return file ? { kind: 'sqlite', file: file.replace(/^\/\/(?=\/)/, '') } : undefined;
}

/** The target described without credentials, for logs and health output. */
export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === 'sqlite') return `sqlite:${target.file}`;
  const url = new URL(target.url);
  return `postgres://${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}
