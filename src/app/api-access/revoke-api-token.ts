import type { Actor } from '../../domain/actor';
import { AppError } from '../../domain/errors';
import { echo } from '../../domain/safe-text';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';
import { actorRef } from '../../domain/actor';

/** Revokes an API token by name or id: every call with it is refused from then on. Audited. */
export function createRevokeApiToken(deps: {
  registry: RegistryWith<'apiTokens' | 'audit'>;
  policy: () => Policy;
  clock: Clock;
}) {
  return (idOrName: string, actor: Actor): Promise<void> =>
    deps.registry.transaction(async (tx) => {
      const at = deps.clock.now().toISOString();
      const token = (await tx.apiTokens.list()).find((t) => !t.revokedAt && (t.id === idOrName || t.name === idOrName));
      if (!token || !(await tx.apiTokens.revoke(token.id, actorRef(actor), at)))
        throw new AppError(
          'api.token_not_found',
          `No active API token is named "${echo(idOrName, 60)}": microapp api-token list shows them.`,
        );
      await tx.audit.append(
        [
          {
            actor,
            action: 'api_token.revoked',
            targetType: 'api_token',
            targetId: token.id,
            outcome: 'success',
            policyVersion: deps.policy().version,
            details: { name: token.name },
          },
        ],
        at,
      );
    });
}
