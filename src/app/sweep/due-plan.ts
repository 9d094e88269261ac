import type { AppRecord } from '../../domain/app-record';
import type { PolicyException } from '../../domain/policy-exception';
import type { DueStage, Obligation } from '../../domain/reminder';

/**
 * Obligations planned only for the apps a sweep looks at (see `SweepWatermark`); the others (open
 * incidents, ownerless apps, test data, exceptions near expiry) are few and planned whole every sweep.
 */
export const SCOPED_OBLIGATIONS: ReadonlySet<Obligation> = new Set([
  'recertification',
  'review_deadline',
  'retention',
  'inactivity',
]);

/** What is due at a moment: the newest due stage of every open cycle, and the cycles that are open. */
export interface DuePlan {
  stages: DueStage[];
  /** `cycleKey`s of the cycles still open; reminders of any other cycle are cancelled. */
  open: Set<string>;
  /** Approved apps whose approval has run out, to mark expired. */
  expiring: AppRecord[];
  /** Apps nobody claimed after their owner left, to decommission. */
  unclaimed: AppRecord[];
  /** Apps nobody used or kept after being asked, to decommission. */
  inactive: AppRecord[];
  /** Exceptions that have run out, to end (the rule applies again). */
  endingExceptions: PolicyException[];
  /** The apps planned for `SCOPED_OBLIGATIONS`; undefined when every app was (a full plan). */
  scope?: ReadonlySet<string>;
  /** When the plan of each app with a retention window or an open review next changes by time alone (ms since the epoch). */
  wakes: Map<string, number>;
}

/** Notes that the plan of `appId` changes by time alone at `ms`, keeping the earliest such moment. */
export function wakeAt(plan: Pick<DuePlan, 'wakes'>, appId: string, ms: number): void {
  const known = plan.wakes.get(appId);
  if (known === undefined || ms < known) plan.wakes.set(appId, ms);
}

/** Whether `plan` speaks for this obligation of this app (it does for all in a full plan). */
export function planCovers(plan: Pick<DuePlan, 'scope'>, appId: string, obligation: Obligation): boolean {
  return !plan.scope || !SCOPED_OBLIGATIONS.has(obligation) || plan.scope.has(appId);
}

/**
 * `base` with the apps `patch` planned taken from `patch` instead: a re-plan of the apps changed
 * since `base` was read. `patch` is scoped; what neither plan scopes comes from `patch`, the newer.
 */
export function mergePlans(base: DuePlan, patch: DuePlan): DuePlan {
  const apps = patch.scope ?? new Set<string>();
  const kept = (appId: string, obligation: Obligation) => SCOPED_OBLIGATIONS.has(obligation) && !apps.has(appId);
  return {
    stages: [...base.stages.filter((s) => kept(s.appId, s.obligation)), ...patch.stages],
    open: new Set([
      ...[...base.open].filter((key) => {
        const [appId, obligation] = key.split('|');
        return kept(appId!, obligation as Obligation);
      }),
      ...patch.open,
    ]),
    expiring: [...base.expiring.filter((a) => kept(a.id, 'recertification')), ...patch.expiring],
    unclaimed: patch.unclaimed,
    inactive: [...base.inactive.filter((a) => kept(a.id, 'inactivity')), ...patch.inactive],
    endingExceptions: patch.endingExceptions,
    scope: base.scope && new Set([...base.scope, ...apps]),
    wakes: new Map([...[...base.wakes].filter(([id]) => !apps.has(id)), ...patch.wakes]),
  };
}
