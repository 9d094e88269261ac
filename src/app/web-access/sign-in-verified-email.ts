import { AppError } from '../../domain/errors';
import type { PeopleDirectory } from '../../people/people-directory';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';
import type { StartedSession } from './redeem-sign-in-link';
import { startSession } from './redeem-sign-in-link';

/**
 * Starts a session for an email an identity provider vouched for (single sign-on). The people
 * directory must know the email (anyone who has used the bot, or been looked up by it), so an
 * account at the provider alone does not get in.
 */
export function createSignInVerifiedEmail(deps: {
  registry: RegistryWith<'webAccess' | 'audit'>;
  directory: Pick<PeopleDirectory, 'known'>;
  policy: () => Policy;
  clock: Clock;
}) {
  return async (given: string): Promise<StartedSession> => {
    const email = given.trim().toLowerCase();
    const person = (await deps.directory.known([email])).get(email);
    if (!person?.active)
      throw new AppError(
        'dashboard.not_allowed',
        `${email} is not known to microapp${person ? ' as an active person' : ''}. Use the bot once in Slack or Teams (for example type /microapp dashboard there), then sign in again.`,
      );
    return deps.registry.transaction((tx) => startSession(tx, deps, email, 'oidc', deps.clock.now()));
  };
}
