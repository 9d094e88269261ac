import { isWebSecret, hashWebSecret } from '../../domain/web-secret';
import type { PeopleDirectory } from '../../people/people-directory';
import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';
import { linkRefused } from './link-refusal';

/** Whom a usable link signs in, to show before it is used. */
export interface SignInLinkHolder {
  email: string;
  /** Their name as the directory knows it, else the email. */
  name: string;
}

/**
 * Reads a sign-in link without using it (link scanners in chat and mail open links too): whom it
 * signs in, or a `dashboard.link_refused` error when it is unknown, used or expired.
 */
export function createCheckSignInLink(deps: {
  registry: RegistryWith<'webAccess'>;
  directory: Pick<PeopleDirectory, 'known'>;
  clock: Clock;
}) {
  return async (token: string | undefined): Promise<SignInLinkHolder> => {
    const at = deps.clock.now().toISOString();
    const link = isWebSecret(token)
      ? await deps.registry.read((tx) => tx.webAccess.findLink(hashWebSecret(token)))
      : undefined;
    if (!link || link.usedAt || link.expiresAt <= at) throw linkRefused(link, at);
    const person = (await deps.directory.known([link.email])).get(link.email);
    return { email: link.email, name: person?.displayName ?? link.email };
  };
}
