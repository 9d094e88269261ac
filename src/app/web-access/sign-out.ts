import { hashWebSecret, isWebSecret } from '../../domain/web-secret';
import type { RegistryWith } from '../../ports/registry';

/** Ends a dashboard session: its stored hash is deleted, so the cookie stops working at once. True when there was one. */
export function createSignOut(deps: { registry: RegistryWith<'webAccess'> }) {
  return async (sessionId: string | undefined): Promise<boolean> =>
    isWebSecret(sessionId) && deps.registry.transaction((tx) => tx.webAccess.deleteSession(hashWebSecret(sessionId)));
}
