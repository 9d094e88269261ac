import { AppError } from '../../domain/errors';
import type { SignInLinkRecord } from '../../ports/dashboard-access';

/** Why a sign-in link was refused. */
export type LinkRefusal = 'unknown' | 'used' | 'expired';

const WHY: Record<LinkRefusal, string> = {
  unknown: 'This sign-in link is not one I issued (it may have been cut short when copied).',
  used: 'This sign-in link has already been used: each link works once.',
  expired: 'This sign-in link has expired: links are valid for 15 minutes.',
};

/** The refusal of a link that cannot sign anyone in, saying how to get a new one. */
export function linkRefused(link: SignInLinkRecord | undefined, at: string): AppError {
  const reason: LinkRefusal = !link ? 'unknown' : link.usedAt ? 'used' : link.expiresAt <= at ? 'expired' : 'used';
  return new AppError(
    'dashboard.link_refused',
    `${WHY[reason]} Get a new one: type /microapp dashboard in Slack, or send "dashboard" to the microapp bot in Teams.`,
    { status: reason },
  );
}
