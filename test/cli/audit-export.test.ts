import type { SiemRecord } from '../../src/domain/siem-record';
import { createKyselyRegistry } from '../../src/store/kysely-registry';
import { cli, manifestDir } from '../support/cli-harness';
import { tier1 } from '../support/manifests';
import { DIALECTS, createTestDatabase } from '../support/test-databases';
import { POLICY_DIR } from '../support/test-policy';

const STAMPS = [
  '2026-12-01T22:30:00.000Z', // 1 December, 23:30 in Paris
  '2026-12-01T23:30:00.000Z', // 2 December, 00:30
  '2026-12-02T22:59:00.000Z', // 2 December, 23:59
  '2026-12-02T23:01:00.000Z', // 3 December, 00:01
];

for (const dialect of DIALECTS) {
  test(`on ${dialect}, microapp audit export --since/--until writes the SIEM lines of those days in the reader's zone`, async () => {
    const db = await createTestDatabase(dialect);
    const dir = manifestDir({ 'a.yaml': tier1({ name: 'First app' }) });
    const env = {
      POLICY_DIR,
      TIME_ZONE: 'Europe/Paris',
      DATABASE_URL: db.target.kind === 'sqlite' ? `sqlite:${db.target.file}` : db.target.url,
    };
    try {
      expect((await cli(['register', '--file', 'a.yaml'], env, dir)).code).toBe(0);
      const registry = await createKyselyRegistry(db.target);
      const app = (await registry.apps.list({ limit: 10 })).apps[0]!;
      for (const at of STAMPS)
        await registry.transaction((tx) =>
          tx.audit.append(
            [
              {
                actor: { platform: 'cli', userId: 'ops' },
                action: 'app.noted',
                targetType: 'app',
                targetId: app.id,
                outcome: 'success',
                details: { at },
              },
            ],
            at,
          ),
        );
      const events = await registry.audit.events(0, 100);
      await registry.close();

      const day = await cli(['audit', 'export', '--since', '2026-12-02', '--until', '2026-12-02'], env, dir);
      expect(day).toMatchObject({ code: 0, err: '' });
      const records = day.out
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as SiemRecord);
      expect(records.map((r) => r.details.at)).toEqual([STAMPS[1], STAMPS[2]]);
      const second = events.find((e) => e.at === STAMPS[1])!;
      expect(records[0]).toEqual({
        seq: second.seq,
        id: second.id,
        at: STAMPS[1],
        action: 'app.noted',
        outcome: 'success',
        actor: { platform: 'cli', user: second.actorUser },
        target: { type: 'app', id: app.id },
        reason: null,
        policyVersion: null,
        riskScore: null,
        details: { at: STAMPS[1] },
        hash: second.hash,
        app: { id: app.id, name: 'First app', tier: 1, owner: app.owner },
      });

      const fromTime = await cli(
        ['audit', 'export', '--since', '2026-12-02T22:00:00Z', '--until', '2026-12-03T00:30:00+01:00'],
        env,
        dir,
      );
      expect(
        fromTime.out
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l).details.at),
      ).toEqual([STAMPS[2], STAMPS[3]]);
      const all = await cli(['audit', 'export', '--since', '2026-01-01'], env, dir);
      expect(
        all.out
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l).id),
      ).toEqual(events.map((e) => e.id));
      expect(await cli(['audit', 'export', '--since', '2027-01-01'], env, dir)).toMatchObject({ code: 0, out: '' });
    } finally {
      await db.drop();
    }
  });
}

test('audit export refuses a missing or bad date with exit 2 and an example', async () => {
  const db = await createTestDatabase('sqlite');
  const dir = manifestDir({});
  const env = { POLICY_DIR, DATABASE_URL: `sqlite:${db.target.kind === 'sqlite' ? db.target.file : ''}` };
  try {
    const missing = await cli(['audit', 'export'], env, dir);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('Say where the export starts: microapp audit export --since 2026-12-01');
    const bad = await cli(['audit', 'export', '--since', '1/12/2026'], env, dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(
      '--since must be a day like 2026-12-01 or a time with its zone like 2026-12-01T09:00:00Z ("1/12/2026" is neither).',
    );
    const impossible = await cli(['audit', 'export', '--since', '2026-02-30'], env, dir);
    expect(impossible.code).toBe(2);
    const noZone = await cli(['audit', 'export', '--since', '2026-12-01T09:00'], env, dir);
    expect(noZone.code).toBe(2);
    const backwards = await cli(['audit', 'export', '--since', '2026-12-05', '--until', '2026-12-01'], env, dir);
    expect(backwards.code).toBe(2);
    expect(backwards.err).toContain(
      '--until must come after --since; for one day: --since 2026-12-05 --until 2026-12-05',
    );
  } finally {
    await db.drop();
  }
});
