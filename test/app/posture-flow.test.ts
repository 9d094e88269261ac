import { createReadFlow } from '../../src/app/posture/read-flow';
import type { Actor } from '../../src/domain/actor';
import { clockedCore } from '../support/clocked-core';
import { tier2 } from '../support/manifests';
import { DIALECTS } from '../support/test-databases';

const owner: Actor = { platform: 'slack', userId: 'UOWNER' };
const reviewer: Actor = { platform: 'slack', userId: 'UREVIEWER' };

for (const dialect of DIALECTS) {
  test(`a tier 2 review is late after 5 business days, and decisions give a median per tier, on ${dialect}`, async () => {
    // Tuesday 1 Dec 2026: five business days later is Tuesday 8 Dec.
    const t = await clockedCore(dialect, '2026-12-01T10:00:00.000Z');
    try {
      const readFlow = createReadFlow({ registry: t.registry, clock: { now: () => t.state.now } });
      await t.core.submitRegistration(tier2({ name: 'Waiting one' }), owner);
      await t.core.submitRegistration(tier2({ name: 'Decided one' }), owner);
      t.state.now = new Date('2026-12-01T16:00:00.000Z');
      const decided = (await t.core.appDetails('Decided one'))!.review!;
      await t.core.decideReview({ reviewId: decided.id, actor: reviewer, verdict: 'approve' });

      t.state.now = new Date('2026-12-08T09:59:00.000Z');
      const before = await readFlow();
      expect(before.waiting).toEqual([{ tier: 2, waiting: 1, late: 0, target: 'within 5 business days' }]);
      expect(before.oldest.map((r) => [r.appName, r.dueAt, r.late])).toEqual([
        ['Waiting one', '2026-12-08T10:00:00.000Z', false],
      ]);
      expect(before.decisions).toEqual([
        { days: 30, tiers: [{ tier: 2, decided: 1, medianHours: 6 }] },
        { days: 90, tiers: [{ tier: 2, decided: 1, medianHours: 6 }] },
      ]);

      t.state.now = new Date('2026-12-08T10:01:00.000Z');
      const after = await readFlow();
      expect(after.waiting).toEqual([{ tier: 2, waiting: 1, late: 1, target: 'within 5 business days' }]);
      expect(after.oldest[0]!.late).toBe(true);

      t.state.now = new Date('2027-01-20T10:00:00.000Z');
      expect((await readFlow()).decisions[0]).toEqual({ days: 30, tiers: [] });
    } finally {
      await t.registry.close();
    }
  });
}
