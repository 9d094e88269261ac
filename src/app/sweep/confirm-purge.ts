import { randomUUID } from 'node:crypto';
import type { Actor } from '../../domain/actor';
import { actorRef } from '../../domain/actor';
import { AppError } from '../../domain/errors';
import type { PurgeAnswer } from '../../domain/purge-answer';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';
import { noticeTo } from '../../domain/outbound-messages';
import { securityTeam } from '../../policy/security-team';
import { assertSteward } from '../../policy/assert-steward';

/** What an owner's purge answer did: the answer recorded, for which app. */
export interface PurgeOutcome {
  answer: PurgeAnswer;
  appName: string;
}

/**
 * The owner's (or backup owner's, or an admin's) answer to a retention or test-data reminder:
 * `purged` closes the cycle (test data: until the next sandbox use); `not_purged` tells security
 * at once and keeps the reminder open until the purge is confirmed. Both are audited; a cycle
 * already confirmed purged refuses a second answer and says who gave the first.
 */
export function createConfirmPurge(deps: {
  registry: RegistryWith<'apps' | 'audit' | 'outbox' | 'purges' | 'reminders'>;
  policy: () => Policy;
  clock: Clock;
}) {
  return (reminderId: string, outcome: PurgeAnswer['outcome'], actor: Actor): Promise<PurgeOutcome> =>
    deps.registry.transaction(async (tx) => {
      const reminder = await tx.reminders.find(reminderId);
      const app = reminder && (await tx.apps.find(reminder.appId));
      if (!reminder || !app || (reminder.obligation !== 'retention' && reminder.obligation !== 'test_data')) {
        throw new AppError('reminder.not_found', 'That reminder no longer exists.');
      }
      const policy = deps.policy();
      assertSteward(app, actor, policy);
      const obligation = reminder.obligation;
      const earlier = await tx.purges.answers(app.id, obligation, reminder.cycle);
      const confirmed = earlier.find((a) => a.outcome === 'purged');
      if (confirmed || (obligation === 'test_data' && app.sandboxSince !== reminder.cycle)) {
        throw new AppError('purge.already_confirmed', `The purge for "${app.name}" was already confirmed.`, {
          appName: app.name,
          decidedBy: confirmed?.answeredBy,
          decidedAt: confirmed?.answeredAt,
        });
      }
      const at = deps.clock.now().toISOString();
      const answer: PurgeAnswer = {
        id: randomUUID(),
        appId: app.id,
        obligation,
        cycle: reminder.cycle,
        outcome,
        answeredBy: actorRef(actor),
        answeredAt: at,
      };
      await tx.purges.insert(answer);
      if (outcome === 'purged' && obligation === 'test_data')
        await tx.apps.update(app.id, { sandboxSince: undefined, updatedAt: at });
      await tx.audit.append(
        [
          {
            actor,
            action: outcome === 'purged' ? 'data.purged' : 'data.not_purged',
            targetType: 'app',
            targetId: app.id,
            outcome: 'success',
            policyVersion: policy.version,
            details: { obligation, cycle: reminder.cycle },
          },
        ],
        at,
      );
      if (outcome === 'not_purged')
        await tx.outbox.enqueue(
          noticeTo(securityTeam(policy), { type: 'purge_not_done', appId: app.id, obligation, by: answer.answeredBy }),
          at,
        );
      return { answer, appName: app.name };
    });
}
