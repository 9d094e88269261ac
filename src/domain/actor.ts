/** Where an action came from. */
export type Platform = 'slack' | 'teams' | 'cli' | 'api' | 'system';

/** The person (or system) doing something, as the platform identified them. */
export interface Actor {
  platform: Platform;
  /** Slack team id or Teams tenant id; absent for the CLI. */
  tenant?: string;
  userId: string;
  /** Known from the directory; lets email-based role members and owners match. */
  email?: string;
  displayName?: string;
  /** IANA time zone, when the platform told us, for dates in replies. */
  timeZone?: string;
}

/** The actor as a user ref (`slack:U012AB3CD`), the form owners and role members are written in. */
export function actorRef(actor: Actor): string {
  return `${actor.platform}:${actor.userId}`;
}

/** True when `ref` (a user ref or an email) names this actor. */
export function refersTo(ref: string | undefined, actor: Actor): boolean {
  if (!ref) return false;
  const r = ref.trim().toLowerCase();
  return r === actorRef(actor).toLowerCase() || (actor.email !== undefined && r === actor.email.toLowerCase());
}

/** True when `refOrEmail` is an email rather than a platform user ref. */
export function isEmail(refOrEmail: string): boolean {
  return !/^[a-z]+:/.test(refOrEmail) && refOrEmail.includes('@');
}

/** Who the scheduler acts as in the audit log. */
export const SCHEDULER_ACTOR: Actor = { platform: 'system', userId: 'scheduler' };

/** The refs (user refs or emails) once each, compared case-insensitively; the first spelling stays. Empty ones are dropped. */
export function uniqueRefs(refs: (string | undefined)[]): string[] {
  const seen = new Set<string>();
  return refs.filter((r): r is string => {
    const key = r?.trim().toLowerCase();
    if (!key || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The policy itself, as the actor of automatic decisions. */
export const POLICY_ACTOR: Actor = { platform: 'system', userId: 'policy' };

/** True when two user refs or emails name the same person as written. */
export function sameRef(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
