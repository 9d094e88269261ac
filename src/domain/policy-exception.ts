/**
 * An exception to one policy rule for one app: while it lasts the rule adds no points, approvals,
 * controls or prohibition for that app, and the compensating controls stand in for it.
 */
export interface PolicyException {
  id: string;
  appId: string;
  ruleId: string;
  /** What is done instead, in the granter's words (checked for secrets). */
  controls: string;
  /** A user ref or email of the reviewer or admin who granted it. */
  grantedBy: string;
  grantedAt: string;
  expiresAt: string;
  endedAt?: string;
  /** Who ended it: the granter or another reviewer early, or the scheduler at expiry. */
  endedBy?: string;
}

/** A rule the policy engine leaves out for an app, and why. */
export interface Waiver {
  rule: string;
  until: string;
  controls: string;
}

/** The waivers the active exceptions of an app give. */
export function waiversOf(exceptions: PolicyException[]): Waiver[] {
  return exceptions
    .filter((e) => !e.endedAt)
    .map((e) => ({ rule: e.ruleId, until: e.expiresAt, controls: e.controls }));
}
