import type { Actor } from '../../domain/actor';
import { csrfTokenOf, hashWebSecret, isWebSecret, newWebSecret } from '../../domain/web-secret';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryTx, RegistryWith } from '../../ports/registry';
import { linkRefused } from './link-refusal';
import { SESSION_MS } from './sign-in-timing';

/** A session just started: its id goes into the cookie and nowhere else. */
export interface StartedSession {
  sessionId: string;
  csrfToken: string;
  email: string;
  expiresAt: string;
}

/** Who signs in on the dashboard, in the audit log. */
export function dashboardActor(email: string): Actor {
  return { platform: 'system', userId: 'dashboard', email };
}

/**
 * Uses a one-time link: in one transaction the link is marked used (a conditional update, so of two
 * concurrent uses one wins) and a session of 8 hours is stored by the hash of its id. An unknown,
 * used or expired link is refused with `dashboard.link_refused`.
 */
export function createRedeemSignInLink(deps: {
  registry: RegistryWith<'webAccess' | 'audit'>;
  policy: () => Policy;
  clock: Clock;
}) {
  return (token: string | undefined): Promise<StartedSession> =>
    deps.registry.transaction(async (tx) => {
      const now = deps.clock.now();
      const at = now.toISOString();
      const hash = isWebSecret(token) ? hashWebSecret(token) : undefined;
      const email = hash && (await tx.webAccess.useLink(hash, at));
      if (!email) throw linkRefused(hash ? await tx.webAccess.findLink(hash) : undefined, at);
      return startSession(tx, deps, email, 'link', now);
    });
}

/** Stores a new session for `email` (signed in by a link or by single sign-on) and audits it. */
export async function startSession(
  tx: Pick<RegistryTx, 'webAccess' | 'audit'>,
  deps: { policy: () => Policy },
  email: string,
  method: 'link' | 'oidc',
  now: Date,
): Promise<StartedSession> {
  const at = now.toISOString();
  const sessionId = newWebSecret();
  const expiresAt = new Date(now.getTime() + SESSION_MS).toISOString();
  await tx.webAccess.insertSession({ idHash: hashWebSecret(sessionId), email, createdAt: at, expiresAt });
  await tx.audit.append(
    [
      {
        actor: dashboardActor(email),
        action: 'dashboard.signed_in',
        targetType: 'person',
        targetId: email,
        outcome: 'success',
        policyVersion: deps.policy().version,
        details: { method, expiresAt },
      },
    ],
    at,
  );
  return { sessionId, csrfToken: csrfTokenOf(sessionId), email, expiresAt };
}
