import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Actor } from '../../src/domain/actor';
import { verifyAudit } from '../../src/app/queries/verify-audit';
import type { Registry } from '../../src/ports/registry';
import { openDatabase } from '../../src/store/open-database';
import type { Tables } from '../../src/store/tables';
import { DIALECTS, createTestRegistry } from '../support/test-databases';

const actor: Actor = { platform: 'cli', userId: 'auditor' };

for (const dialect of DIALECTS) {
  describe(`audit chain on ${dialect}`, () => {
    let registry: Awaited<ReturnType<typeof createTestRegistry>>;
    let raw: Kysely<Tables>;
    beforeEach(async () => {
      registry = await createTestRegistry(dialect);
      raw = openDatabase(registry.target);
      for (let i = 1; i <= 5; i++) {
        await registry.transaction((tx) =>
          tx.audit.append(
            [
              {
                actor,
                action: 'test.event',
                targetType: 'app',
                targetId: `app-${i}`,
                outcome: 'success',
                details: { n: i },
              },
            ],
            `2026-11-21T10:00:0${i}.000Z`,
          ),
        );
      }
    });
    afterEach(async () => {
      await raw.destroy();
      await registry.close();
    });

    const verify = (r: Registry) => verifyAudit(r);

    test('an untouched log verifies with its count', async () => {
      expect(await verify(registry)).toEqual({ ok: true, count: 5, headHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    });

    test('events appended while the walk runs do not make an intact log look broken', async () => {
      let appended = 0;
      const busy: Registry = {
        ...registry,
        audit: {
          ...registry.audit,
          async events(afterSeq, limit) {
            appended += 1;
            await registry.transaction((tx) =>
              tx.audit.append(
                [{ actor, action: 'test.during', targetType: 'app', targetId: 'app-x', outcome: 'success' }],
                '2026-11-21T10:01:00.000Z',
              ),
            );
            return registry.audit.events(afterSeq, limit);
          },
        },
      };
      expect(await verify(busy)).toMatchObject({ ok: true, count: 5 });
      expect(appended).toBeGreaterThan(0);
      expect(await verify(registry)).toMatchObject({ ok: true, count: 5 + appended });
    });

    test('an event left beyond a head that was cut back is found', async () => {
      const head = await raw
        .selectFrom('audit_event')
        .select(['seq', 'hash'])
        .where('seq', '=', 4)
        .executeTakeFirstOrThrow();
      await raw.updateTable('audit_head').set({ seq: head.seq, hash: head.hash }).where('id', '=', 1).execute();
      expect(await verify(registry)).toMatchObject({
        ok: false,
        seq: 5,
        problem: expect.stringMatching(/beyond the recorded end/),
      });
    });

    test('an edited event is found', async () => {
      await raw.updateTable('audit_event').set({ reason: 'quietly changed' }).where('seq', '=', 3).execute();
      expect(await verify(registry)).toMatchObject({ ok: false, seq: 3, problem: expect.stringMatching(/changed/) });
    });

    test('a deleted event is found', async () => {
      await raw.deleteFrom('audit_event').where('seq', '=', 2).execute();
      expect(await verify(registry)).toMatchObject({
        ok: false,
        seq: 3,
        problem: expect.stringMatching(/event 2 is missing/),
      });
    });

    test('a deleted last event is found through the recorded head', async () => {
      await raw.deleteFrom('audit_event').where('seq', '=', 5).execute();
      expect(await verify(registry)).toMatchObject({ ok: false, problem: expect.stringMatching(/ends at event 4/) });
    });

    test('a deleted head row is reported as tampering', async () => {
      await raw.deleteFrom('audit_head').execute();
      expect(await verify(registry)).toMatchObject({
        ok: false,
        problem: expect.stringMatching(/audit_head row\) is missing: it was deleted/),
      });
    });

    test('an altered head is reported as tampering', async () => {
      await raw
        .updateTable('audit_head')
        .set({ hash: 'f'.repeat(64) })
        .execute();
      expect(await verify(registry)).toMatchObject({
        ok: false,
        seq: 5,
        problem: expect.stringMatching(/audit_head row was altered/),
      });
    });

    test('reordered events are found', async () => {
      await sql`update audit_event set seq = -1 where seq = 2`.execute(raw);
      await sql`update audit_event set seq = 2 where seq = 4`.execute(raw);
      await sql`update audit_event set seq = 4 where seq = -1`.execute(raw);
      expect(await verify(registry)).toMatchObject({
        ok: false,
        seq: 2,
        problem: expect.stringMatching(/does not follow/),
      });
    });

    test('an inserted event is found, even with a correct hash of its own', async () => {
      const third = await raw.selectFrom('audit_event').selectAll().where('seq', '=', 3).executeTakeFirstOrThrow();
      await sql`update audit_event set seq = seq + 100 where seq >= 3`.execute(raw);
      await sql`update audit_event set seq = seq - 99 where seq >= 103`.execute(raw);
      await raw
        .insertInto('audit_event')
        .values({ ...third, id: 'forged', reason: 'forged' })
        .execute();
      expect(await verify(registry)).toMatchObject({ ok: false, seq: 3 });
    });

    test('concurrent appends keep one unbroken chain', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          registry.transaction((tx) =>
            tx.audit.append(
              [{ actor, action: 'test.parallel', targetType: 'app', targetId: `p-${i}`, outcome: 'success' }],
              '2026-11-21T11:00:00.000Z',
            ),
          ),
        ),
      );
      expect(await verify(registry)).toMatchObject({ ok: true, count: 25 });
    });
  });
}
