import type { Actor } from '../../src/domain/actor';
import { tier2 } from '../support/manifests';
import { testCore } from '../support/test-core';
import { DIALECTS, createTestRegistry } from '../support/test-databases';
import { loadTestPolicy } from '../support/test-policy';

const actor: Actor = { platform: 'cli', userId: 'auditor' };
const at = '2026-12-07T10:00:00.000Z';
const later = '2026-12-07T10:05:00.000Z';

for (const dialect of DIALECTS) {
  describe(`SIEM cursors on ${dialect}`, () => {
    let registry: Awaited<ReturnType<typeof createTestRegistry>>;
    beforeEach(async () => {
      registry = await createTestRegistry(dialect);
    });
    afterEach(() => registry.close());

    test('a sink starts at 0, advances only under its lease, and another replica waits for the lease to run out', async () => {
      expect(await registry.siem.claim('http', 'a', at, later)).toBe(0);
      expect(await registry.siem.claim('http', 'b', at, later)).toBeUndefined();
      expect(await registry.siem.advance('http', 'b', 5, at)).toBe(false);
      expect(await registry.siem.advance('http', 'a', 5, at)).toBe(true);
      expect(await registry.siem.claim('http', 'a', at, later)).toBe(5);
      expect(await registry.siem.claim('http', 'b', '2026-12-07T10:06:00.000Z', '2026-12-07T10:07:00.000Z')).toBe(5);
      expect(await registry.siem.advance('http', 'a', 9, at)).toBe(false);
      expect(await registry.siem.claim('file', 'a', at, later)).toBe(0);
      expect((await registry.siem.states()).map((s) => [s.sink, s.seq])).toEqual([
        ['file', 0],
        ['http', 5],
      ]);
    });

    test('a failure is kept until the next batch goes through', async () => {
      await registry.siem.claim('syslog', 'a', at, later);
      await registry.siem.failed('syslog', 'a', 'connection refused', at);
      expect(await registry.siem.states()).toEqual([
        { sink: 'syslog', seq: 0, lastError: 'connection refused', lastErrorAt: at },
      ]);
      await registry.siem.advance('syslog', 'a', 3, later);
      expect(await registry.siem.states()).toEqual([{ sink: 'syslog', seq: 3, sentAt: later }]);
    });

    test('app tags are found for apps and for their reviews; the start of a day is found by sequence number', async () => {
      const core = testCore(registry, await loadTestPolicy(), { now: () => new Date(at) });
      const { app, review } = await core.submitRegistration(tier2(), actor);
      const ids = { app: app.id, review: review!.id };
      const tags = await registry.siem.appTags([ids.app, 'gone'], [ids.review]);
      const expected = { id: ids.app, name: 'Inbox router', tier: 2, owner: app.owner };
      expect(Object.fromEntries(tags)).toEqual({ [ids.app]: expected, [ids.review]: expected });
      await registry.people.remember({ ref: app.owner, email: 'owner@example.com', active: true }, at);
      expect((await registry.siem.appTags([ids.app], [])).get(ids.app)).toEqual({
        ...expected,
        ownerEmail: 'owner@example.com',
      });

      const before = (await registry.audit.head())!.seq;
      expect(await registry.siem.seqBefore('2026-01-01T00:00:00.000Z')).toBe(0);
      for (const stamp of ['2026-12-08T10:00:00.000Z', '2026-12-09T10:00:00.000Z', '2026-12-10T10:00:00.000Z'])
        await registry.transaction((tx) =>
          tx.audit.append(
            [{ actor, action: 'test.event', targetType: 'app', targetId: 'app-1', outcome: 'success' }],
            stamp,
          ),
        );
      expect(await registry.siem.seqBefore('2026-12-09T00:00:00.000Z')).toBe(before + 1);
      expect(await registry.siem.seqBefore('2026-12-11T00:00:00.000Z')).toBe(before + 3);
    });
  });
}
