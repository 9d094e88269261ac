import { addDays } from '../../domain/dates';
import type { Policy } from '../../policy/policy';
import type { RegistryTx } from '../../ports/registry';
import type { CrossingRanges, TimeRange } from '../../ports/sweep-changes';
import type { DuePlan } from './due-plan';
import { EXPIRED_NOTICE_DAYS, planDueWork } from './plan-due-work';
import { RETIRED_NOTICE_DAYS } from './plan-inactivity';

/** The safety net: a sweep re-plans every app at least this often, whatever the watermark says. */
export const FULL_PLAN_EVERY_MS = 86_400_000;
/**
 * How long before a plan a change may be stamped and still be missing from it: a transaction stamps
 * its time when it starts and commits within seconds (SQLite waits at most 5 s for the write lock);
 * replicas' clocks agree to well under a second.
 */
export const CHANGE_MARGIN_MS = 2 * 60_000;

/** Which apps a sweep plans: every one, or only those that may owe something new since `plannedThrough`. */
export type SweepScope = { full: true } | { full: false; plannedThrough: Date; wakes: ReadonlyMap<string, number> };

/** Every app, every obligation. */
export const FULL_SCOPE: SweepScope = { full: true };

/**
 * How far this process has planned, so a sweep plans only what can have become due since.
 *
 * The watermark rule: after a plan through instant W was written (or found to need nothing), the
 * plan at a later `at` differs from it only for apps that (1) changed at or after W less
 * `CHANGE_MARGIN_MS` (see `SweepChanges.changedApps`: their row updated (as every decision
 * that closes a review updates it), a purge confirmed, a reminder sent or snoozed...), or (2) have a date whose threshold falls in [W, at]: for each
 * obligation kind the dates that start, advance or close its cycles (re-certification: expiry less each
 * `remindDaysBefore`, expiry, and the end of the expired notice; inactivity: last sign of use plus
 * `afterDays` and plus `answerDays`, an ask's answer deadline, the end of the retired notice;
 * retention and open reviews: the next cycle, repeat, reminder or escalation, kept per app from its
 * last plan up to the next full plan). Only those apps are planned for those obligations; the rest
 * (incidents, ownerless apps, test data, exceptions near expiry) are few and planned whole. Every app is planned at start-up,
 * at least once every `FULL_PLAN_EVERY_MS`, when the policy's roles or timings change, and when
 * the clock goes back. Each replica keeps its own watermark; one that did not sweep for a while
 * just looks further back.
 */
export interface SweepWatermark {
  /** The scope of a sweep at `at` under `policy`. */
  scopeAt(at: Date, policy: Policy): SweepScope;
  /** Records that the plan through `at` in `scope` is written (or needed nothing). */
  advance(at: Date, policy: Policy, scope: SweepScope, plan: DuePlan): void;
}

/** A watermark that has planned nothing yet: its first sweep plans every app. */
export function createSweepWatermark(): SweepWatermark {
  let state: { through: Date; fullAt: Date; policyKey: string; wakes: Map<string, number> } | undefined;
  return {
    scopeAt(at, policy) {
      if (
        !state ||
        at < state.through ||
        at.getTime() - state.fullAt.getTime() >= FULL_PLAN_EVERY_MS ||
        policyKey(policy) !== state.policyKey
      )
        return FULL_SCOPE;
      return { full: false, plannedThrough: state.through, wakes: state.wakes };
    },
    advance(at, policy, scope, plan) {
      const fullAt = scope.full || !state ? at : state.fullAt;
      const wakes = scope.full || !state ? new Map<string, number>() : state.wakes;
      if (plan.scope) for (const id of plan.scope) wakes.delete(id);
      const horizon = fullAt.getTime() + FULL_PLAN_EVERY_MS;
      for (const [id, wake] of plan.wakes) if (wake <= horizon) wakes.set(id, wake);
      state = { through: at, fullAt, policyKey: policyKey(policy), wakes };
    },
  };
}

/** The plan at `at` for `scope`: every app, or those the watermark rule names. */
export async function planInScope(
  tx: Pick<
    RegistryTx,
    'activity' | 'apps' | 'exceptions' | 'incidents' | 'purges' | 'reviews' | 'revisions' | 'sweepChanges'
  >,
  policy: Policy,
  at: Date,
  scope: SweepScope,
): Promise<DuePlan> {
  if (scope.full) return planDueWork(tx, policy, at);
  return planDueWork(tx, policy, at, await appsToReplan(tx, policy, at, scope));
}

/** The apps whose plan may have changed between `scope.plannedThrough` and `at` (see `SweepWatermark`). */
export async function appsToReplan(
  tx: Pick<RegistryTx, 'sweepChanges'>,
  policy: Policy,
  at: Date,
  scope: Extract<SweepScope, { full: false }>,
): Promise<Set<string>> {
  const since = new Date(scope.plannedThrough.getTime() - CHANGE_MARGIN_MS).toISOString();
  const [changed, crossing] = await Promise.all([
    tx.sweepChanges.changedApps(since, policy.timings.reminders.maxPerCycle),
    tx.sweepChanges.appsCrossing(crossingRanges(policy, scope.plannedThrough, at)),
  ]);
  const apps = new Set([...changed, ...crossing]);
  for (const [id, wake] of scope.wakes) if (wake <= at.getTime()) apps.add(id);
  return apps;
}

/** The date ranges whose crossing between `from` and `to` can change an app's plan by time alone. */
export function crossingRanges(policy: Policy, from: Date, to: Date): CrossingRanges {
  const shifted = (days: number): TimeRange => ({
    from: addDays(from, days).toISOString(),
    to: addDays(to, days).toISOString(),
  });
  const { afterDays, answerDays } = policy.timings.inactivity;
  const every = policy.timings.recertification.everyDays;
  const quiet = [afterDays, afterDays + answerDays];
  return {
    expiresAt: [
      ...[0, ...policy.timings.recertification.remindDaysBefore, -EXPIRED_NOTICE_DAYS].map(shifted),
      ...quiet.map((d) => shifted(every - d)),
    ],
    createdAt: quiet.map((d) => shifted(-d)),
    lastActiveAt: quiet.map((d) => shifted(-d)),
    retiredAt: [shifted(-RETIRED_NOTICE_DAYS)],
    inactivityAskedAt: [shifted(-answerDays)],
  };
}

/** What of the policy a plan depends on: roles (who hears), timings, separation of duties. */
function policyKey(policy: Policy): string {
  return JSON.stringify([policy.roles, policy.timings, policy.separationOfDuties]);
}
