import type { Control } from './manifest-vocabulary';

/** What happens to a registration after assessment. */
export type Decision = 'auto_approve' | 'review' | 'prohibited';

/** Risk tier: 1 low, 2 medium, 3 high, 4 prohibited. */
export type Tier = 1 | 2 | 3 | 4;

/** One rule that fired, explained for the owner. */
export interface Reason {
  rule: string;
  points: number;
  message: string;
  fix: string;
  /** What in the manifest made the rule fire, in plain words ("Salesforce", "Personal data"), when a list did. */
  about?: string[];
  /** Set when an exception waives the rule for this app: it counts for nothing until then, with these compensating controls. */
  excepted?: { until: string; controls: string };
}

/** Approvals a review needs: `count` distinct people holding `role`. */
export interface RequiredApproval {
  role: string;
  count: number;
}

/** Where approval cards for a tier are posted. */
export interface Destination {
  platform: 'slack' | 'teams';
  channel: string;
}

/** A requirement the manifest does not meet yet (a field to fill or a control to attest). */
export interface Shortfall {
  field: string;
  /** What to do, then why: "Name a backup owner who can take over if you leave. Medium-risk apps need …". */
  message: string;
  /** Why the tier or classification demands it, shared by the shortfalls of one demand. */
  because: string;
}

/** The policy engine's verdict on one manifest. */
export interface Assessment {
  tier: Tier;
  score: number;
  decision: Decision;
  requiredApprovals: RequiredApproval[];
  requiredControls: Control[];
  reasons: Reason[];
  policyVersion: string;
  destinations: Destination[];
  /** Fields and controls the tier or data classification requires but the manifest lacks. */
  shortfalls: Shortfall[];
  /** Who to talk to about a prohibited use; set only when the decision is `prohibited`. */
  contact?: string;
}

/** The public JSON shape of an assessment (`microapp policy eval --json`). */
export function assessmentJson(a: Assessment) {
  return {
    tier: a.tier,
    score: a.score,
    decision: a.decision,
    requiredApprovals: a.requiredApprovals.map(({ role, count }) => ({ role, count })),
    requiredControls: [...a.requiredControls],
    reasons: a.reasons.map(({ rule, points, message, fix, about, excepted }) => ({
      rule,
      points,
      message,
      fix,
      ...(about && { about: [...about] }),
      ...(excepted && { excepted: { ...excepted } }),
    })),
    policyVersion: a.policyVersion,
    shortfalls: a.shortfalls.map(({ field, message }) => ({ field, message })),
  };
}
