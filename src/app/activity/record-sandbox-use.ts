import type { Actor } from '../../domain/actor';
import type { AppRecord } from '../../domain/app-record';
import { AppError } from '../../domain/errors';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryTx, RegistryWith } from '../../ports/registry';
import { addDays } from '../../domain/dates';
import { findAppOrThrow } from '../../ports/find-app-or-throw';

/** What recording sandbox use did: the app, since when it has had test data, and when the purge is due. */
export interface SandboxUse {
  app: AppRecord;
  since: string;
  purgeBy: string;
  /** False when an earlier use had already started the count, which this one does not move. */
  started: boolean;
}

/** Starts the test-data count of an app with none running: since `at`, audited. */
export async function startSandboxCount(
  tx: Pick<RegistryTx, 'apps' | 'audit'>,
  app: AppRecord,
  actor: Actor,
  policy: Policy,
  at: string,
): Promise<void> {
  await tx.apps.update(app.id, { sandboxSince: at, updatedAt: at });
  await tx.audit.append(
    [
      {
        actor,
        action: 'app.sandbox_used',
        targetType: 'app',
        targetId: app.id,
        outcome: 'success',
        policyVersion: policy.version,
        details: { since: at },
      },
    ],
    at,
  );
}

/**
 * Records that an app was used with test data in a sandbox. The first use since the last confirmed
 * purge starts the count (audited): the owner is asked to confirm the purge after the policy's
 * `testDataPurgeDays`. Later uses before that confirmation change nothing.
 */
export function createRecordSandboxUse(deps: {
  registry: RegistryWith<'apps' | 'audit'>;
  policy: () => Policy;
  clock: Clock;
}) {
  return (idOrName: string, actor: Actor): Promise<SandboxUse> =>
    deps.registry.transaction(async (tx) => {
      const app = await findAppOrThrow(tx, idOrName);
      if (app.status === 'decommissioned')
        throw new AppError(
          'app.wrong_status',
          `"${app.name}" is decommissioned, so it cannot be in use. Register it again if it is back.`,
          { appName: app.name, status: app.status },
        );
      const policy = deps.policy();
      const at = deps.clock.now().toISOString();
      const started = !app.sandboxSince;
      const since = app.sandboxSince ?? at;
      if (started) await startSandboxCount(tx, app, actor, policy, at);
      return { app, since, purgeBy: addDays(new Date(since), policy.timings.testDataPurgeDays).toISOString(), started };
    });
}
