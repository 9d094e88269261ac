import type { Actor } from '../../domain/actor';
import type { AppRecord } from '../../domain/app-record';
import { AppError } from '../../domain/errors';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';
import { actorRef } from '../../domain/actor';
import { noticeTo } from '../../domain/outbound-messages';
import { revokeAppTokens } from '../activity/revoke-app-token';
import { findAppOrThrow } from '../../ports/find-app-or-throw';
import { assertSteward } from '../../policy/assert-steward';

/** What the person retiring an app confirms. */
export interface DecommissionEvidence {
  planCarriedOut: boolean;
  dataPurged: boolean;
  note?: string;
}

/** Retires an app with evidence: its decommission plan was carried out and its data purged. Owner, backup owner and the person who did it are told. */
export function createDecommissionApp(deps: {
  registry: RegistryWith<'apps' | 'audit' | 'outbox' | 'tokens'>;
  policy: () => Policy;
  clock: Clock;
}) {
  return (idOrName: string, evidence: DecommissionEvidence, actor: Actor): Promise<AppRecord> =>
    deps.registry.transaction(async (tx) => {
      const app = await findAppOrThrow(tx, idOrName);
      const policy = deps.policy();
      assertSteward(app, actor, policy);
      if (app.status === 'decommissioned') {
        throw new AppError('app.wrong_status', `"${app.name}" is already decommissioned.`, {
          appName: app.name,
          status: app.status,
        });
      }
      if (!evidence.planCarriedOut || !evidence.dataPurged) {
        throw new AppError(
          'input.invalid',
          'Confirm both that the decommission plan was carried out and that the data was purged.',
          {
            fieldErrors: [
              ...(!evidence.planCarriedOut
                ? [
                    {
                      field: 'planCarriedOut',
                      path: 'planCarriedOut',
                      message: 'Carry out the decommission plan first, then confirm it here.',
                    },
                  ]
                : []),
              ...(!evidence.dataPurged
                ? [
                    {
                      field: 'dataPurged',
                      path: 'dataPurged',
                      message: "Purge the app's data first, then confirm it here.",
                    },
                  ]
                : []),
            ],
          },
        );
      }
      const at = deps.clock.now().toISOString();
      await tx.apps.update(app.id, { status: 'decommissioned', updatedAt: at });
      await tx.audit.append(
        [
          {
            actor,
            action: 'app.decommissioned',
            targetType: 'app',
            targetId: app.id,
            outcome: 'success',
            policyVersion: policy.version,
            riskScore: app.score,
            reason: evidence.note?.slice(0, 1000),
            details: { planCarriedOut: true, dataPurged: true, previousStatus: app.status },
          },
        ],
        at,
      );
      await revokeAppTokens(tx, app, actor, at, policy, 'the app was decommissioned');
      const by = actorRef(actor);
      await tx.outbox.enqueue(
        noticeTo(
          [app.owner, app.backupOwner, actor.platform === 'slack' || actor.platform === 'teams' ? by : undefined],
          { type: 'app_decommissioned', appId: app.id, by },
        ),
        at,
      );
      return { ...app, status: 'decommissioned' as const, updatedAt: at };
    });
}
