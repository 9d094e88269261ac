import type { Actor } from '../../domain/actor';
import type { PolicyException } from '../../domain/policy-exception';
import type { Policy } from '../../policy/policy';
import type { RegistryTx } from '../../ports/registry';
import type { Reassessed } from '../registration/reassess-app';
import { reassessApp } from '../registration/reassess-app';
import type { RouteDeps } from '../registration/store-registration';
import { actorRef } from '../../domain/actor';

/**
 * Ends an exception inside the caller's transaction: audited, and its app assessed again with the
 * rule in force and routed like a changed app (a review may open, or the app be marked not allowed).
 * Undefined when it had already ended or its app is gone.
 */
export async function endException(
  tx: Pick<RegistryTx, 'apps' | 'audit' | 'exceptions' | 'outbox' | 'reviews' | 'revisions'>,
  deps: RouteDeps,
  policy: Policy,
  exception: PolicyException,
  actor: Actor,
): Promise<Reassessed | undefined> {
  const at = deps.clock.now().toISOString();
  if (!(await tx.exceptions.end(exception.id, actorRef(actor), at))) return undefined;
  const app = await tx.apps.find(exception.appId);
  if (!app) return undefined;
  await tx.audit.append(
    [
      {
        actor,
        action: 'exception.ended',
        targetType: 'app',
        targetId: app.id,
        outcome: 'success',
        reason: exception.ruleId,
        policyVersion: policy.version,
        riskScore: app.score,
        details: { exceptionId: exception.id, rule: exception.ruleId, expiresAt: exception.expiresAt },
      },
    ],
    at,
  );
  return reassessApp(tx, deps, policy, app, `exception to ${exception.ruleId} ended`);
}
