import type { ValuedApp } from '../../ports/app-values';
import type { Registry } from '../../ports/registry';
import { LIVE_STATUSES } from '../../domain/posture-facts';

/** Apps ranked at most, on the page and in its download. */
const RANKED = 500;

/** Below both of these an app is of little value by its owner's own account. */
export const LOW_VALUE = { hoursSavedPerMonth: 5, users: 5 } as const;

/** The value view's figures. */
export interface ValueFigures {
  /** Apps that may be running. */
  live: number;
  /** Of those, how many owners have said what theirs is worth. */
  answered: number;
  /** Hours a month saved, by the owners' own estimates, summed over the ranked apps. */
  hoursSaved: number;
  /** Ranked by hours saved, most first (at most 500). */
  ranked: ValuedApp[];
  /** High risk (tier 3) for little value (under 5 hours a month and under 5 people): candidates to retire. */
  retireCandidates: ValuedApp[];
}

/** True when an owner's answer puts an app under both low-value marks (an unanswered question counts as not low). */
export function lowValue(v: Pick<ValuedApp, 'hoursSavedPerMonth' | 'users'>): boolean {
  return (
    (v.hoursSavedPerMonth ?? Number.POSITIVE_INFINITY) < LOW_VALUE.hoursSavedPerMonth &&
    (v.users ?? Number.POSITIVE_INFINITY) < LOW_VALUE.users
  );
}

/** The value view: what owners say their apps save and how many use them, against each app's risk. */
export function createReadValue(deps: { registry: Pick<Registry, 'posture' | 'read'> }) {
  return async (): Promise<ValueFigures> => {
    const [live, { apps, total }] = await Promise.all([
      deps.registry.posture.appCount(LIVE_STATUSES),
      deps.registry.read((tx) => tx.values.ranked(LIVE_STATUSES, RANKED)),
    ]);
    return {
      live,
      answered: total,
      hoursSaved: apps.reduce((sum, a) => sum + (a.hoursSavedPerMonth ?? 0), 0),
      ranked: apps,
      retireCandidates: apps.filter((a) => a.tier === 3 && lowValue(a)),
    };
  };
}
