import { Client } from 'pg';
import { createTestTempRoot } from './test-temp-root';

/**
 * Decides once whether the PostgreSQL suites run. `TEST_POSTGRES_URL` names an admin connection
 * (default: postgres://postgres:postgres@127.0.0.1:5432/postgres). With REQUIRE_POSTGRES=1 (CI) an
 * unreachable server fails the run; otherwise the PostgreSQL suites are skipped, and we say so.
 * Then makes the run's temp folder, which globalTeardown removes.
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    process.env.TEST_POSTGRES_URL = url;
    process.env.MICROAPP_TEST_POSTGRES = 'yes';
  } catch (error) {
    if (process.env.REQUIRE_POSTGRES === '1') {
      throw new Error(
        `REQUIRE_POSTGRES=1 but PostgreSQL at ${new URL(url).host} is unreachable: ${(error as Error).message}`,
      );
    }
    process.env.MICROAPP_TEST_POSTGRES = 'no';
    process.stdout.write(
      `\nPostgreSQL suite skipped: no server at ${new URL(url).host} (set TEST_POSTGRES_URL, or run .ci/run).\n`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
  createTestTempRoot();
}
