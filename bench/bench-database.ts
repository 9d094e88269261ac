import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DatabaseTarget } from '../src/store/database-target';

/** PostgreSQL admin connection the bench creates its databases through. */
export const DEFAULT_POSTGRES_URL = 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

/** A throwaway database and how to remove it. */
export interface BenchDatabase {
  target: DatabaseTarget;
  drop(): Promise<void>;
}

/**
 * A fresh, empty SQLite file in a new temp directory, or a fresh PostgreSQL database created
 * through `adminUrl` (named `microapp_bench_<random>`). `drop` deletes the directory or database.
 */
export async function createBenchDatabase(
  kind: DatabaseTarget['kind'],
  adminUrl = DEFAULT_POSTGRES_URL,
): Promise<BenchDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'microapp-bench-'));
    return {
      target: { kind, file: join(dir, 'bench.db') },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `microapp_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { target: { kind, url: url.toString() }, drop: () => dropDatabase(adminUrl, name) };
}

/** Undefined when PostgreSQL answers at `adminUrl`, otherwise why not. */
export async function postgresUnreachable(adminUrl: string): Promise<string | undefined> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The server's version string, for the report. */
export async function postgresVersion(adminUrl: string): Promise<string> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    return (await client.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!.v;
  } finally {
    await client.end();
  }
}

/** Drops without force first (a closing pool may still be disconnecting), forcing only as a last resort. */
async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      return await adminQuery(adminUrl, `drop database if exists ${name}`);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
