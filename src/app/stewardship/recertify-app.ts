import type { Actor } from '../../domain/actor';
import { actorRef } from '../../domain/actor';
import type { AppRecord } from '../../domain/app-record';
import { AppError } from '../../domain/errors';
import { assess } from '../../policy/assess';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';
import { addDays } from '../../domain/dates';
import { findAppOrThrow } from '../../ports/find-app-or-throw';
import { assertSteward } from '../../policy/assert-steward';
import type { AppValue } from '../../domain/app-value';
import { hasValue } from '../../domain/app-value';

/**
 * Re-certifies an approved (or expired) app with no material change: the approved revision is
 * assessed again under today's policy and, if it still lands in the same or a lower tier with
 * nothing missing, the approval is renewed for another period. Otherwise the owner is told to
 * register it again so reviewers see it. The owner's answers to the value questions, when given,
 * are kept with the approved revision.
 */
export function createRecertifyApp(deps: {
  registry: RegistryWith<'apps' | 'audit' | 'revisions' | 'values'>;
  policy: () => Policy;
  clock: Clock;
}) {
  return (idOrName: string, actor: Actor, value?: AppValue): Promise<AppRecord> =>
    deps.registry.transaction(async (tx) => {
      const app = await findAppOrThrow(tx, idOrName);
      const policy = deps.policy();
      assertSteward(app, actor, policy);
      if (app.status !== 'approved' && app.status !== 'expired') {
        throw new AppError(
          'app.wrong_status',
          `"${app.name}" is ${app.status.replace('_', ' ')}; only approved or expired apps can be re-certified.`,
          { appName: app.name, status: app.status },
        );
      }
      const revision = await tx.revisions.find(app.approvedRevisionId ?? app.currentRevisionId);
      const now = assess(policy, revision!.manifest);
      if (now.decision === 'prohibited' || now.tier > revision!.assessment.tier || now.shortfalls.length > 0) {
        throw new AppError(
          'app.needs_review',
          `Today's policy rates "${app.name}" as tier ${now.tier}${now.shortfalls.length ? ' and asks for more' : ''}, so it needs a fresh review: register it again with the same name.`,
          { appName: app.name },
        );
      }
      const at = deps.clock.now();
      const patch = {
        status: 'approved' as const,
        expiresAt: addDays(at, policy.timings.recertification.everyDays).toISOString(),
        updatedAt: at.toISOString(),
      };
      await tx.apps.update(app.id, patch);
      if (hasValue(value))
        await tx.values.record({
          ...value,
          appId: app.id,
          revisionId: revision!.id,
          answeredBy: actorRef(actor),
          answeredAt: patch.updatedAt,
        });
      await tx.audit.append(
        [
          {
            actor,
            action: 'app.recertified',
            targetType: 'app',
            targetId: app.id,
            outcome: 'success',
            policyVersion: policy.version,
            riskScore: now.score,
            details: {
              expiresAt: patch.expiresAt,
              previousExpiry: app.expiresAt ?? null,
              ...(value?.hoursSavedPerMonth !== undefined && { hoursSavedPerMonth: value.hoursSavedPerMonth }),
              ...(value?.users !== undefined && { users: value.users }),
            },
          },
        ],
        patch.updatedAt,
      );
      return { ...app, ...patch };
    });
}
