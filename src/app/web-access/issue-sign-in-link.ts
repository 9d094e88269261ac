import type { Actor } from '../../domain/actor';
import { actorRef, isEmail } from '../../domain/actor';
import { AppError } from '../../domain/errors';
import { hashWebSecret, newWebSecret } from '../../domain/web-secret';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';
import { KEEP_ENDED_MS, LINK_PATH, LINK_VALID_MS } from './sign-in-timing';

/** A link just issued: shown once to the person it signs in, never stored in the clear. */
export interface IssuedSignInLink {
  url: string;
  /** Whom it signs in (lower case). */
  email: string;
  expiresAt: string;
  /** How many minutes it is valid for. */
  validMinutes: number;
}

/**
 * Issues a one-time dashboard sign-in link for the person asking (their email as the directory knows
 * it), or, at the command line, for the email given with `as`. Only the token's hash is stored; the
 * link works once, within 15 minutes. Audited (never the token).
 */
export function createIssueSignInLink(deps: {
  registry: RegistryWith<'webAccess' | 'audit'>;
  policy: () => Policy;
  clock: Clock;
  /** The address the dashboard is reached at, without a trailing slash. */
  dashboardBase: () => string;
}) {
  return async (actor: Actor, as?: string): Promise<IssuedSignInLink> => {
    if (as !== undefined && actor.platform !== 'cli')
      throw new AppError(
        'dashboard.not_allowed',
        'A sign-in link is only ever sent to the person it signs in: ask for your own with the dashboard command.',
      );
    const email = (as ?? actor.email)?.trim().toLowerCase();
    if (!email)
      throw new AppError(
        'dashboard.no_email',
        'I could not find an email address for your account, and the dashboard signs people in by email. Ask your workspace admin to make your email visible to apps, or ask a platform admin to run: microapp dashboard link --as <your email>',
      );
    if (!isEmail(email))
      throw new AppError(
        'dashboard.no_email',
        `"${email}" is not an email address. Give the person's email, like ana@example.com.`,
      );
    const now = deps.clock.now();
    const at = now.toISOString();
    const expiresAt = new Date(now.getTime() + LINK_VALID_MS).toISOString();
    const token = newWebSecret();
    await deps.registry.transaction(async (tx) => {
      await tx.webAccess.purgeExpired(new Date(now.getTime() - KEEP_ENDED_MS).toISOString());
      await tx.webAccess.insertLink({
        tokenHash: hashWebSecret(token),
        email,
        createdBy: actorRef(actor),
        createdAt: at,
        expiresAt,
      });
      await tx.audit.append(
        [
          {
            actor,
            action: 'dashboard.sign_in_issued',
            targetType: 'person',
            targetId: email,
            outcome: 'success',
            policyVersion: deps.policy().version,
            details: { expiresAt },
          },
        ],
        at,
      );
    });
    return {
      url: `${deps.dashboardBase()}${LINK_PATH}?token=${token}`,
      email,
      expiresAt,
      validMinutes: LINK_VALID_MS / 60_000,
    };
  };
}
