import type { Actor } from '../../domain/actor';
import type { AppRecord } from '../../domain/app-record';
import { AppError } from '../../domain/errors';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';
import { actorRef } from '../../domain/actor';
import { noticeTo } from '../../domain/outbound-messages';
import { findAppOrThrow } from '../../ports/find-app-or-throw';
import { assertSteward } from '../../policy/assert-steward';

/** Hands an app to a new owner (a user ref or email); the owner, backup owner or an admin may do it. The new and previous owners are told. */
export function createTransferApp(deps: {
  registry: RegistryWith<'apps' | 'audit' | 'outbox'>;
  policy: () => Policy;
  clock: Clock;
}) {
  return (idOrName: string, newOwner: string, actor: Actor): Promise<{ app: AppRecord; previousOwner: string }> =>
    deps.registry.transaction(async (tx) => {
      const app = await findAppOrThrow(tx, idOrName);
      const policy = deps.policy();
      assertSteward(app, actor, policy);
      if (app.status === 'decommissioned') {
        throw new AppError('app.wrong_status', `"${app.name}" is decommissioned; there is nothing to hand over.`, {
          appName: app.name,
          status: app.status,
        });
      }
      if (app.owner.toLowerCase() === newOwner.toLowerCase()) {
        throw new AppError('app.wrong_status', `${newOwner} already owns "${app.name}".`, { appName: app.name });
      }
      const at = deps.clock.now().toISOString();
      const patch = {
        owner: newOwner,
        backupOwner: app.backupOwner?.toLowerCase() === newOwner.toLowerCase() ? app.owner : app.backupOwner,
        updatedAt: at,
      };
      await tx.apps.update(app.id, patch);
      await tx.audit.append(
        [
          {
            actor,
            action: 'app.transferred',
            targetType: 'app',
            targetId: app.id,
            outcome: 'success',
            policyVersion: policy.version,
            riskScore: app.score,
            details: { from: app.owner, to: newOwner },
          },
        ],
        at,
      );
      await tx.outbox.enqueue(
        noticeTo([newOwner, app.owner], {
          type: 'app_transferred',
          appId: app.id,
          from: app.owner,
          to: newOwner,
          by: actorRef(actor),
        }),
        at,
      );
      return { app: { ...app, ...patch }, previousOwner: app.owner };
    });
}
