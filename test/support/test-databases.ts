import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Registry } from '../../src/ports/registry';
import type { DatabaseTarget } from '../../src/store/database-target';
import { createKyselyRegistry } from '../../src/store/kysely-registry';

/** The databases every store suite runs against: SQLite always, PostgreSQL when the server is there. */
export const DIALECTS: DatabaseTarget['kind'][] =
  process.env.MICROAPP_TEST_POSTGRES === 'yes' ? ['sqlite', 'postgres'] : ['sqlite'];

/** A fresh, empty database of the given kind, and how to throw it away. */
export interface TestDatabase {
  target: DatabaseTarget;
  drop(): Promise<void>;
}

/** Creates a throwaway SQLite file or PostgreSQL database. */
export async function createTestDatabase(kind: DatabaseTarget['kind']): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'microapp-test-'));
    return {
      target: { kind, file: join(dir, 'test.db') },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const admin = process.env.TEST_POSTGRES_URL!;
  const name = `microapp_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(admin, `create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { target: { kind, url: url.toString() }, drop: () => dropDatabase(admin, name) };
}

/** A migrated registry on a fresh database; `close` also drops the database. */
export async function createTestRegistry(kind: DatabaseTarget['kind']): Promise<Registry & { target: DatabaseTarget }> {
  const db = await createTestDatabase(kind);
  const registry = await createKyselyRegistry(db.target);
  return {
    ...registry,
    target: db.target,
    async close() {
      await registry.close();
      await db.drop();
    },
  };
}

/** Drops without force first: closing pools may still be saying goodbye, and forcing would kill them mid-sentence. */
async function dropDatabase(admin: string, name: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      return await adminQuery(admin, `drop database if exists ${name}`);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await adminQuery(admin, `drop database if exists ${name} with (force)`);
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
