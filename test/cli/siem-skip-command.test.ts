import { createKyselyRegistry } from '../../src/store/kysely-registry';
import { cli, manifestDir } from '../support/cli-harness';
import { tier1 } from '../support/manifests';
import { createTestDatabase } from '../support/test-databases';
import { POLICY_DIR } from '../support/test-policy';

test('microapp siem skip shows the event a failing sink is held at, skips it only when named, and says why not otherwise', async () => {
  const db = await createTestDatabase('sqlite');
  const dir = manifestDir({ 'a.yaml': tier1({ name: 'First app' }) });
  const file = db.target.kind === 'sqlite' ? db.target.file : '';
  const env = { POLICY_DIR, TIME_ZONE: 'Europe/Paris', DATABASE_URL: `sqlite:${file}` };
  const run = (...args: string[]) => cli(args, env, dir);
  expect((await run('register', '--file', 'a.yaml')).code).toBe(0);
  const registry = await createKyselyRegistry(db.target);
  const [first] = await registry.audit.events(0, 1);
  const refusal = 'the SIEM at siem.example.com answered 400 Bad Request: {"error":"mapper_parsing_exception"}';
  expect(await registry.siem.claim('http', 'replica-a', first!.at, '2999-01-01T00:00:00.000Z')).toBe(0);
  await registry.siem.failed('http', 'replica-a', refusal, '2026-12-07T17:05:00.000Z');
  try {
    expect(await run('siem', 'skip', 'syslog')).toMatchObject({ code: 2, out: '' });
    expect((await run('siem', 'skip', 'syslog')).err).toMatch(/No SIEM sink called "syslog" has sent events/);
    expect((await run('siem', 'skip')).code).toBe(2);
    expect((await run('siem', 'skip', 'http', '--event', '0x1')).code).toBe(2);
    const bad = await run('siem', 'skip', 'http', '--event', 'first');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--event takes the number of the event the sink is held at, like 1205 (got "first")');

    const shown = await run('siem', 'skip', 'http');
    expect(shown.code).toBe(1);
    expect(shown.out).toContain(`The http sink is held at audit event 1 (${first!.action}, app ${first!.targetId}, `);
    expect(shown.out).toContain(`Its last try failed at 7 Dec 2026, 18:05 Europe/Paris: ${refusal}`);
    expect(shown.out).toContain('  microapp siem skip http --event 1\n');
    expect(shown.out).not.toMatch(/\d{4}-\d{2}-\d{2}T/);

    expect((await run('siem', 'skip', 'http', '--event', '2')).err).toMatch(
      /held at event 1, not 2, so nothing was skipped/,
    );
    const skipped = await run('siem', 'skip', 'http', '--event', '1');
    expect(skipped).toMatchObject({ code: 0, err: '' });
    expect(skipped.out).toMatch(/^Skipped audit event 1 \(.*\) for the http sink, which goes on from the next event\./);
    expect((await registry.siem.states())[0]).toMatchObject({ sink: 'http', seq: 1 });
    expect((await registry.siem.states())[0]!.lastError).toBeUndefined();
    expect((await run('siem', 'skip', 'http', '--event', '1')).err).toMatch(/The http sink is not held at an event/);
  } finally {
    await registry.close();
    await db.drop();
  }
});
