import type { Actor } from '../../domain/actor';
import { refersTo } from '../../domain/actor';
import type { AppRecord } from '../../domain/app-record';
import { AppError } from '../../domain/errors';
import { lastActivityAt } from '../../domain/last-activity';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';
import { assertSteward } from '../../policy/assert-steward';

/**
 * "Still in use" on an inactivity reminder: records the app as used now, which closes the cycle
 * (the next sweep cancels its reminders), audited. The reminder's recipient, the owner, the backup
 * owner or an admin may answer; an app already retired for inactivity cannot be kept.
 */
export function createKeepApp(deps: {
  registry: RegistryWith<'apps' | 'audit' | 'reminders'>;
  policy: () => Policy;
  clock: Clock;
}) {
  return (reminderId: string, actor: Actor): Promise<AppRecord> =>
    deps.registry.transaction(async (tx) => {
      const reminder = await tx.reminders.find(reminderId);
      const app = reminder && reminder.obligation === 'inactivity' ? await tx.apps.find(reminder.appId) : undefined;
      if (!reminder || !app) throw new AppError('reminder.not_found', 'That reminder is no longer open.');
      const policy = deps.policy();
      if (!refersTo(reminder.recipient, actor)) assertSteward(app, actor, policy);
      if (app.status === 'decommissioned') {
        throw new AppError(
          'app.wrong_status',
          `"${app.name}" was already decommissioned because nobody said it was still in use in time, so it cannot be kept now. If it is still needed, register it again.`,
          { appName: app.name, status: app.status },
        );
      }
      if (lastActivityAt(app, policy.timings.recertification.everyDays) !== reminder.cycle) return app;
      const at = deps.clock.now().toISOString();
      await tx.apps.update(app.id, { lastActiveAt: at });
      await tx.audit.append(
        [
          {
            actor,
            action: 'app.kept',
            targetType: 'app',
            targetId: app.id,
            outcome: 'success',
            reason: 'still in use, in answer to the inactivity reminder',
            policyVersion: policy.version,
            riskScore: app.score,
            details: { quietSince: reminder.cycle },
          },
        ],
        at,
      );
      return { ...app, lastActiveAt: at };
    });
}
