import { csrfTokenOf, hashWebSecret, isWebSecret } from '../../domain/web-secret';
import type { PeopleDirectory } from '../../people/people-directory';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';

/** The signed-in person of a session, as the dashboard draws pages for them. */
export interface SessionViewer {
  email: string;
  name: string;
  /** Their email and every platform ref the directory knows for them. */
  refs: string[];
  /** Admins and holders of any reviewer role see every app. */
  seesAll: boolean;
  csrfToken: string;
}

/** The roles whose holders see every app: admin, and every role a review route or rule asks approvals of. */
export function reviewerRoles(policy: Pick<Policy, 'routing' | 'rules'>): Set<string> {
  return new Set([
    'admin',
    ...Object.values(policy.routing).flatMap((r) => r?.approvals.map((a) => a.role) ?? []),
    ...policy.rules.flatMap((r) => r.approvals.map((a) => a.role)),
  ]);
}

/**
 * Finds who holds a session id: the session (unexpired) → its email → the people directory's refs
 * for that person → whether a reviewer role names any of them. Undefined for an unknown, expired or
 * malformed id, and for a person the directory marks deactivated.
 */
export function createSessionViewer(deps: {
  registry: RegistryWith<'webAccess'>;
  directory: Pick<PeopleDirectory, 'known'>;
  policy: () => Policy;
  clock: Clock;
}) {
  return async (sessionId: string | undefined): Promise<SessionViewer | undefined> => {
    if (!isWebSecret(sessionId)) return undefined;
    const at = deps.clock.now().toISOString();
    const session = await deps.registry.read((tx) => tx.webAccess.findSession(hashWebSecret(sessionId), at));
    if (!session) return undefined;
    const person = (await deps.directory.known([session.email])).get(session.email);
    if (person && !person.active) return undefined;
    const refs = [session.email, ...(person?.refs ?? [])];
    const mine = new Set(refs.map((r) => r.toLowerCase()));
    const policy = deps.policy();
    const seesAll = [...reviewerRoles(policy)].some((role) =>
      policy.roles[role]?.members.some((m) => mine.has(m.trim().toLowerCase())),
    );
    return {
      email: session.email,
      name: person?.displayName ?? session.email,
      refs,
      seesAll,
      csrfToken: csrfTokenOf(sessionId),
    };
  };
}
