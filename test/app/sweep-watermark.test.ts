import type { DuePlan } from '../../src/app/sweep/due-plan';
import { FULL_PLAN_EVERY_MS, createSweepWatermark } from '../../src/app/sweep/sweep-watermark';
import { loadTestPolicy } from '../support/test-policy';

const plan = (over: Partial<DuePlan> = {}): DuePlan => ({
  stages: [],
  open: new Set(),
  expiring: [],
  unclaimed: [],
  inactive: [],
  endingExceptions: [],
  wakes: new Map(),
  ...over,
});
const at = (iso: string) => new Date(iso);

describe('the sweep watermark', () => {
  test('plans every app first, then only what changed, and every app again a day on, after a policy change or when the clock goes back', async () => {
    const policy = await loadTestPolicy();
    const watermark = createSweepWatermark();
    const first = watermark.scopeAt(at('2027-03-01T10:00:00.000Z'), policy);
    expect(first).toEqual({ full: true });
    watermark.advance(at('2027-03-01T10:00:00.000Z'), policy, first, plan());

    const next = watermark.scopeAt(at('2027-03-01T10:05:00.000Z'), policy);
    expect(next).toMatchObject({ full: false, plannedThrough: at('2027-03-01T10:00:00.000Z') });
    watermark.advance(at('2027-03-01T10:05:00.000Z'), policy, next, plan({ scope: new Set() }));
    expect(watermark.scopeAt(at('2027-03-01T10:10:00.000Z'), policy)).toMatchObject({
      full: false,
      plannedThrough: at('2027-03-01T10:05:00.000Z'),
    });

    expect(watermark.scopeAt(new Date(Date.parse('2027-03-01T10:00:00.000Z') + FULL_PLAN_EVERY_MS), policy)).toEqual({
      full: true,
    });
    expect(watermark.scopeAt(at('2027-03-01T10:04:00.000Z'), policy)).toEqual({ full: true });
    const stricter = {
      ...policy,
      timings: { ...policy.timings, reminders: { ...policy.timings.reminders, maxPerCycle: 2 } },
    };
    expect(watermark.scopeAt(at('2027-03-01T10:10:00.000Z'), stricter)).toEqual({ full: true });
    expect(watermark.scopeAt(at('2027-03-01T10:10:00.000Z'), { ...policy })).toMatchObject({ full: false });
  });

  test('keeps when each app with a retention window next changes, up to the next full plan, and forgets the apps it re-planned', async () => {
    const policy = await loadTestPolicy();
    const watermark = createSweepWatermark();
    const t0 = at('2027-03-01T10:00:00.000Z');
    const soon = t0.getTime() + 3_600_000;
    const later = t0.getTime() + 2 * FULL_PLAN_EVERY_MS;
    watermark.advance(
      t0,
      policy,
      { full: true },
      plan({
        wakes: new Map([
          ['a', soon],
          ['b', later],
          ['c', soon],
        ]),
      }),
    );
    const scope = watermark.scopeAt(at('2027-03-01T10:05:00.000Z'), policy);
    expect(scope.full ? [] : [...scope.wakes]).toEqual([
      ['a', soon],
      ['c', soon],
    ]);
    watermark.advance(at('2027-03-01T10:05:00.000Z'), policy, scope, plan({ scope: new Set(['a']) }));
    const after = watermark.scopeAt(at('2027-03-01T10:10:00.000Z'), policy);
    expect(after.full ? [] : [...after.wakes]).toEqual([['c', soon]]);
  });
});
