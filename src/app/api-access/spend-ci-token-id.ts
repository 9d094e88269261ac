import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';

/** Spent ids are kept a day past the newest kept response, as the idempotency records are. */
const KEEP_MS = 24 * 3_600_000;

/**
 * Records a CI identity token's id (`provider:jti`) as spent until it expires; false when it was
 * spent before, so a copied token cannot be replayed. Ids long expired are forgotten on the way.
 */
export function createSpendCiTokenId(deps: { registry: RegistryWith<'apiTokens'>; clock: Clock }) {
  return (id: string, expiresAt: string): Promise<boolean> =>
    deps.registry.transaction(async (tx) => {
      await tx.apiTokens.purge(new Date(deps.clock.now().getTime() - KEEP_MS).toISOString());
      return tx.apiTokens.spendTokenId(id, expiresAt);
    });
}
