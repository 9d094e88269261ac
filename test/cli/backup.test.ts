import { existsSync, mkdtempSync } from 'node:fs';
import { MANIFEST_FIELDS } from '../../src/domain/manifest-fields';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDatabase as Database } from '../../src/store/sqlite-database';
import { openRuntime } from '../../src/runtime';
import { cli } from '../support/cli-harness';
import { killBotProcesses, startBotProcess } from '../support/bot-process';
import { tier1 } from '../support/manifests';
import { silentLogger } from '../support/silent-logger';
import { policyCopy } from '../support/test-policy';

afterAll(() => killBotProcesses());

test('backup writes a copy that opens, passes integrity_check and audit verify, while the bot runs and registrations keep coming', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'microapp-backup-'));
  const file = join(dir, 'live.db');
  const env = { POLICY_DIR: policyCopy(), DATABASE_URL: `sqlite:${file}` };
  const bot = await startBotProcess({ ...env, PORT: '0' });
  const writer = await openRuntime({ database: { kind: 'sqlite', file }, policyDir: env.POLICY_DIR }, silentLogger);
  let written = 0;
  let writing = true;
  const writes = (async () => {
    while (writing) {
      await writer.core.submitRegistration(tier1({ name: `Busy app ${written++}` }), {
        platform: 'cli',
        userId: 'writer',
      });
      await new Promise((r) => setImmediate(r));
    }
  })();
  try {
    while (written < 50) await new Promise((r) => setTimeout(r, 20));
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await cli(['backup', `copy-${i}.db`], env, dir));
    writing = false;
    await writes;
    for (const [i, r] of results.entries()) {
      expect(r).toMatchObject({ code: 0, err: '' });
      expect(r.out).toMatch(
        /^Backed up sqlite:.*live\.db to copy-\d\.db: \d+ pages, integrity_check ok, audit log intact \(\d+ events\)\.\n$/,
      );
      const copy = new Database(join(dir, `copy-${i}.db`), { readonly: true });
      const apps = (copy.prepare('select count(*) as n from app').get() as { n: number }).n;
      const events = (copy.prepare('select count(*) as n from audit_event').get() as { n: number }).n;
      copy.close();
      expect(apps).toBeGreaterThanOrEqual(50);
      expect(r.out).toContain(`(${events} events)`);
      const verify = await cli(
        ['audit', 'verify'],
        { ...env, DATABASE_URL: `sqlite:${join(dir, `copy-${i}.db`)}` },
        dir,
      );
      expect(verify.code).toBe(0);
    }
    expect(written).toBeGreaterThan(50);
  } finally {
    writing = false;
    await writes.catch(() => undefined);
    await writer.close();
    bot.kill('SIGTERM');
    await bot.exited;
  }
}, 60_000);

test('backup refuses to overwrite a file, and points PostgreSQL users to pg_dump', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'microapp-backup-'));
  const env = { POLICY_DIR: policyCopy(), DATABASE_URL: `sqlite:${join(dir, 'live.db')}` };
  expect(await cli(['backup', 'first.db'], env, dir)).toMatchObject({
    code: 2,
    err: expect.stringMatching(/does not exist yet: there is nothing to back up/),
  });
  expect((await cli(['list'], env, dir)).code).toBe(0);
  expect((await cli(['backup', 'first.db'], env, dir)).code).toBe(0);
  expect(await cli(['backup', 'first.db'], env, dir)).toMatchObject({
    code: 2,
    err: expect.stringMatching(/first\.db already exists: name a new file/),
  });
  expect(existsSync(join(dir, 'first.db.partial'))).toBe(false);
  const pg = await cli(['backup', 'x.db'], { ...env, DATABASE_URL: 'postgres://u:p@127.0.0.1:1/db' }, dir);
  expect(pg).toMatchObject({ code: 2, err: expect.stringMatching(/pg_dump --format=custom/) });
});

test('policy fields lists every field a condition can use, from the schema', async () => {
  const r = await cli(['policy', 'fields'], {}, tmpdir());
  expect(r.code).toBe(0);
  expect(r.out).toMatch(/^app\.name +string\n/);
  expect(r.out).toMatch(/app\.retentionDays +int \(optional\)/);
  expect(r.out).toMatch(/app\.audience +string {2}one of: personal, team, organization, external/);
  expect(r.out).toMatch(/app\.integrations +list<Integration>/);
  expect(r.out).toMatch(/i\.requiresSecret +bool/);
  expect(r.out).toMatch(/catalog\[id\]\.sensitive +bool/);
  const json = JSON.parse((await cli(['policy', 'fields', '--json'], {}, tmpdir())).out) as { name: string }[];
  expect(json.filter((f) => f.name.startsWith('app.')).map((f) => f.name)).toEqual(
    MANIFEST_FIELDS.map((f) => `app.${f.key}`),
  );
});
