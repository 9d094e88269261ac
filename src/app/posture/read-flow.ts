import { median } from '../../domain/median';
import { addBusinessDays } from '../../domain/working-hours';
import type { AppRecord } from '../../domain/app-record';
import type { Clock } from '../../ports/clock';
import type { AppRow, Counted, WaitingReview } from '../../ports/posture-reads';
import type { Registry, RegistryWith } from '../../ports/registry';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The seeds' targets: low risk (tier 1) decided within 24 hours; tier 2 within 5 business days. */
export const REVIEW_TARGETS: Record<number, { words: string; dueAt: (opened: Date) => Date }> = {
  1: { words: 'within 24 hours', dueAt: (opened) => new Date(opened.getTime() + DAY) },
  2: { words: 'within 5 business days', dueAt: (opened) => addBusinessDays(opened, 5) },
};

/** Open reviews of one tier: how many, and how many are past their target. */
export interface TierWaiting {
  tier: number;
  waiting: number;
  late: number;
  target?: string;
}

/** Median hours from a review's opening to its decision, per tier, over a window. */
export interface DecisionTimes {
  days: number;
  tiers: { tier: number; decided: number; medianHours?: number }[];
}

/** The flow view's figures. */
export interface Flow {
  waiting: TierWaiting[];
  oldest: (WaitingReview & { dueAt?: string; late: boolean })[];
  decisions: DecisionTimes[];
  exceptions: Counted<AppRow & { ruleId: string; expiresAt: string; grantedBy: string }>;
  expiring: Counted<AppRow & { expiresAt: string; owner: string }>;
  ownerless: { app: AppRecord; deactivatedAt: string }[];
  incidents: Counted<AppRow & { summary: string; openedAt: string; acknowledgedAt?: string }>;
  /** Median hours to resolve incidents resolved in the last 90 days. */
  resolve: { resolved: number; medianHours?: number };
}

/** How many rows each list of the flow view shows (the count says how many there are in all). */
export const FLOW_LIST_LIMIT = 100;

/**
 * The flow view: reviews waiting against the targets, median time to decision per tier over 30
 * and 90 days, exceptions in force, approvals ending in the next 30 days, ownerless apps, open
 * incidents and the median time to resolve them.
 */
export function createReadFlow(deps: { registry: Pick<Registry, 'posture'> & RegistryWith<'apps'>; clock: Clock }) {
  return async (): Promise<Flow> => {
    const now = deps.clock.now();
    const iso = now.toISOString();
    const ago = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
    const cutoffs = Object.fromEntries(
      Object.entries(REVIEW_TARGETS).map(([tier, t]) => [tier, latestOpeningDue(t.dueAt, now).toISOString()]),
    );
    const p = deps.registry.posture;
    const [waiting, oldest, decided, exceptions, expiring, ownerless, incidents, resolved] = await Promise.all([
      p.waitingByTier(cutoffs),
      p.oldestWaiting(FLOW_LIST_LIMIT),
      p.decidedSince(ago(90)),
      p.exceptionsInForce(iso, FLOW_LIST_LIMIT),
      p.expiringBetween(iso, new Date(now.getTime() + 30 * DAY).toISOString(), FLOW_LIST_LIMIT),
      deps.registry.read((tx) => tx.apps.ownerless(iso)),
      p.openIncidents(FLOW_LIST_LIMIT),
      p.resolvedSince(ago(90)),
    ]);
    const hours = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / HOUR;
    const decisions = [30, 90].map((days) => {
      const since = ago(days);
      const inWindow = decided.filter((d) => d.decidedAt >= since);
      const tiers = [...new Set(inWindow.map((d) => d.tier))].sort();
      return {
        days,
        tiers: tiers.map((tier) => {
          const times = inWindow.filter((d) => d.tier === tier).map((d) => hours(d.createdAt, d.decidedAt));
          return { tier, decided: times.length, medianHours: median(times) };
        }),
      };
    });
    return {
      waiting: waiting.map((w) => ({ ...w, target: REVIEW_TARGETS[w.tier]?.words })),
      oldest: oldest.map((r) => {
        const due = REVIEW_TARGETS[r.tier]?.dueAt(new Date(r.createdAt));
        return { ...r, dueAt: due?.toISOString(), late: due !== undefined && due <= now };
      }),
      decisions,
      exceptions,
      expiring,
      ownerless,
      incidents,
      resolve: {
        resolved: resolved.length,
        medianHours: median(resolved.map((r) => hours(r.openedAt, r.resolvedAt))),
      },
    };
  };
}

/** The latest opening time whose target has passed by `now` (targets only grow with the opening time). */
function latestOpeningDue(dueAt: (opened: Date) => Date, now: Date): Date {
  let lo = now.getTime() - 30 * DAY;
  let hi = now.getTime();
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2);
    if (dueAt(new Date(mid)) <= now) lo = mid;
    else hi = mid;
  }
  return new Date(hi);
}
