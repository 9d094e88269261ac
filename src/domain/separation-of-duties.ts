import type { Actor } from './actor';
import { actorRef, refersTo } from './actor';
import type { AppRecord } from './app-record';

/** The people a policy can keep from approving an app. */
export type SeparatedRole = 'owner' | 'backupOwner' | 'submitter';

/** The refs (lower-cased) the separation of duties keeps from deciding a revision: they are never asked to. */
export function separatedRefs(
  separated: readonly SeparatedRole[],
  people: { owner?: string; backupOwner?: string; submitter?: string },
): Set<string> {
  return new Set(separated.map((r) => people[r]?.trim().toLowerCase()).filter((r): r is string => Boolean(r)));
}

/** Why the separation of duties keeps `actor` from deciding this app, or undefined when it does not. */
export function separationConflict(
  separated: readonly SeparatedRole[],
  app: Pick<AppRecord, 'owner' | 'backupOwner'>,
  submittedBy: string,
  actor: Actor,
): 'own_app' | 'own_submission' | undefined {
  if (
    (separated.includes('owner') && refersTo(app.owner, actor)) ||
    (separated.includes('backupOwner') && refersTo(app.backupOwner, actor))
  )
    return 'own_app';
  if (separated.includes('submitter') && submittedBy.toLowerCase() === actorRef(actor).toLowerCase())
    return 'own_submission';
  return undefined;
}
