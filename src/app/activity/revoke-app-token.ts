import type { Actor } from '../../domain/actor';
import { actorRef } from '../../domain/actor';
import type { AppRecord } from '../../domain/app-record';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryTx, RegistryWith } from '../../ports/registry';
import { assertTokenKeeper } from './issue-app-token';
import { findAppOrThrow } from '../../ports/find-app-or-throw';

/** Revokes an app's active heartbeat tokens inside `tx`, audited when there were any; how many. */
export async function revokeAppTokens(
  tx: Pick<RegistryTx, 'audit' | 'tokens'>,
  app: AppRecord,
  actor: Actor,
  at: string,
  policy: Policy,
  reason: string,
): Promise<number> {
  const revoked = await tx.tokens.revokeActive(app.id, actorRef(actor), at);
  if (revoked > 0)
    await tx.audit.append(
      [
        {
          actor,
          action: 'app.token_revoked',
          targetType: 'app',
          targetId: app.id,
          outcome: 'success',
          reason,
          policyVersion: policy.version,
          details: { tokens: revoked },
        },
      ],
      at,
    );
  return revoked;
}

/** Revokes an app's heartbeat token (a leaked token, an app moved elsewhere): its heartbeats are refused from now on. */
export function createRevokeAppToken(deps: {
  registry: RegistryWith<'apps' | 'audit' | 'tokens'>;
  policy: () => Policy;
  clock: Clock;
}) {
  return (idOrName: string, actor: Actor): Promise<{ app: AppRecord; revoked: number }> =>
    deps.registry.transaction(async (tx) => {
      const app = await findAppOrThrow(tx, idOrName);
      assertTokenKeeper(app, actor);
      return {
        app,
        revoked: await revokeAppTokens(
          tx,
          app,
          actor,
          deps.clock.now().toISOString(),
          deps.policy(),
          'revoked on request',
        ),
      };
    });
}
