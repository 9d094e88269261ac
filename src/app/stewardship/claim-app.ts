import type { Actor } from '../../domain/actor';
import { actorRef, refersTo } from '../../domain/actor';
import type { AppRecord } from '../../domain/app-record';
import { AppError } from '../../domain/errors';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { Registry, RegistryWith } from '../../ports/registry';
import { findAppOrThrow } from '../../ports/find-app-or-throw';

/**
 * The backup owner (or an admin) takes over an app whose owner has left: they become its owner,
 * with no backup owner until they name one, and the reminders about it stop. Audited.
 */
export function createClaimApp(deps: {
  registry: RegistryWith<'apps' | 'audit'> & Pick<Registry, 'apps' | 'people'>;
  policy: () => Policy;
  clock: Clock;
}) {
  return async (idOrName: string, actor: Actor): Promise<AppRecord> => {
    const found = await deps.registry.apps.find(idOrName);
    const owner = found && (await deps.registry.people.find(found.owner));
    return deps.registry.transaction(async (tx) => {
      const app = await findAppOrThrow(tx, idOrName);
      const policy = deps.policy();
      if (app.status === 'decommissioned' || app.owner !== found?.owner || owner?.active !== false) {
        throw new AppError(
          'app.wrong_status',
          `"${app.name}" is not waiting for a new owner (it has one, or it is decommissioned). /microapp status ${app.name} shows where it stands.`,
          { appName: app.name, status: app.status },
        );
      }
      const admin = policy.roles.admin?.members.some((m) => refersTo(m, actor)) ?? false;
      if (!admin && !refersTo(app.backupOwner, actor)) {
        throw new AppError(
          'app.not_owner',
          `Only the backup owner of "${app.name}" or a platform admin can take it over.`,
          { appName: app.name },
        );
      }
      const at = deps.clock.now().toISOString();
      const patch = { owner: actor.email ?? actorRef(actor), backupOwner: undefined, updatedAt: at };
      await tx.apps.update(app.id, patch);
      await tx.audit.append(
        [
          {
            actor,
            action: 'app.claimed',
            targetType: 'app',
            targetId: app.id,
            outcome: 'success',
            policyVersion: policy.version,
            riskScore: app.score,
            details: { from: app.owner },
          },
        ],
        at,
      );
      return { ...app, ...patch };
    });
  };
}
