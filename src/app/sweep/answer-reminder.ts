import type { Actor } from '../../domain/actor';
import { refersTo } from '../../domain/actor';
import type { AppRecord } from '../../domain/app-record';
import { AppError } from '../../domain/errors';
import type { Reminder } from '../../domain/reminder';
import { threadKey } from '../../domain/reminder';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryTx, RegistryWith } from '../../ports/registry';
import { addDays } from '../../domain/dates';
import type { PurgeAnswer, PurgeObligation } from '../../domain/purge-answer';
import type { PurgeOutcome } from './confirm-purge';
import type { AppValue } from '../../domain/app-value';
import { parseAppValue } from '../../domain/app-value';

/** A button pressed on a reminder: re-certify the app, say whether its data was purged, say a quiet app is still in use, or snooze the reminder for some days. */
export type ReminderAnswer =
  | { reminderId: string; action: 'recertify'; value?: { [K in keyof AppValue]?: string } }
  | { reminderId: string; action: 'purged' | 'not_purged' | 'keep' }
  | { reminderId: string; action: 'snooze'; days: number };

/** What happened, for the clicker: the digest to show again and what changed. */
export type ReminderOutcome = { digestId?: string } & (
  | { action: 'recertified'; app: AppRecord }
  | { action: 'snoozed'; appName: string; until: string }
  | { action: 'purged' | 'not_purged'; appName: string; obligation: PurgeObligation }
  | { action: 'kept'; app: AppRecord; askAgainAfterDays: number }
);

/**
 * Takes a reminder's button (with the value questions' answers typed beside Re-certify). Purged or Not purged goes to `confirmPurge`. Re-certify renews the app when nothing material changed (the
 * re-certify use case decides, and refuses with what to do otherwise). Snooze puts the reminder
 * back until later, only for its own recipient, only where the policy allows, and only while the
 * recipient has had fewer reminders about it than the policy's cap: after that it escalates.
 */
export function createAnswerReminder(deps: {
  registry: RegistryWith<'apps' | 'reminders' | 'reviews'>;
  policy: () => Policy;
  clock: Clock;
  recertify: (idOrName: string, actor: Actor, value?: AppValue) => Promise<AppRecord>;
  confirmPurge: (reminderId: string, outcome: PurgeAnswer['outcome'], actor: Actor) => Promise<PurgeOutcome>;
  keep: (reminderId: string, actor: Actor) => Promise<AppRecord>;
}) {
  return async (answer: ReminderAnswer, actor: Actor): Promise<ReminderOutcome> => {
    const reminder = await deps.registry.read((tx) => tx.reminders.find(answer.reminderId));
    if (!reminder) throw new AppError('reminder.not_found', 'That reminder no longer exists.');
    if (answer.action !== 'snooze') {
      if (answer.action === 'recertify') {
        const value = parseAppValue(answer.value ?? {});
        return {
          action: 'recertified',
          app: await deps.recertify(reminder.appId, actor, value),
          digestId: reminder.digestId,
        };
      }
      if (answer.action === 'keep')
        return {
          action: 'kept',
          app: await deps.keep(reminder.id, actor),
          askAgainAfterDays: deps.policy().timings.inactivity.afterDays,
          digestId: reminder.digestId,
        };
      const { answer: recorded, appName } = await deps.confirmPurge(reminder.id, answer.action, actor);
      return { action: answer.action, appName, obligation: recorded.obligation, digestId: reminder.digestId };
    }
    const days = answer.days;
    const policy = deps.policy();
    const rules = policy.timings.reminders;
    return deps.registry.transaction(async (tx) => {
      const current = await tx.reminders.find(answer.reminderId);
      const app = await tx.apps.find(reminder.appId);
      if (!current || !app || current.state !== 'sent' || !(await stillOpen(tx, current, app)))
        throw new AppError('reminder.not_found', 'That reminder is no longer open.');
      if (!refersTo(current.recipient, actor))
        throw new AppError('reminder.not_yours', 'Only the person a reminder was sent to can snooze it.');
      const snoozable =
        rules.snoozable.includes(current.obligation) && !current.escalated && /^d\d+$|^remind$/.test(current.stage);
      if (!snoozable || !rules.snoozeDays.includes(days)) {
        throw new AppError(
          'reminder.not_snoozable',
          `This reminder about "${app.name}" cannot be snoozed. Please act on it now, or ask a platform admin for help.`,
          { appName: app.name },
        );
      }
      const sent =
        (await tx.reminders.sendsByThread([`${current.appId}|${current.obligation}|${current.cycle}`])).get(
          threadKey(current),
        ) ?? 0;
      if (sent >= rules.maxPerCycle) {
        throw new AppError(
          'reminder.not_snoozable',
          `You have had ${sent} reminders about "${app.name}", the most the policy allows, so it cannot be snoozed again: please act on it now.`,
          { appName: app.name },
        );
      }
      const until = addDays(deps.clock.now(), days).toISOString();
      await tx.reminders.snooze(current.id, until);
      return { action: 'snoozed', appName: app.name, until, digestId: current.digestId };
    });
  };
}

/** Whether what a snoozable reminder asks is still to do: the approval it counts down to not yet renewed, the review not yet decided. */
async function stillOpen(tx: Pick<RegistryTx, 'reviews'>, reminder: Reminder, app: AppRecord): Promise<boolean> {
  if (reminder.obligation === 'recertification') return app.status === 'approved' && app.expiresAt === reminder.cycle;
  if (reminder.obligation === 'review_deadline') return (await tx.reviews.find(reminder.cycle))?.status === 'open';
  return app.status !== 'decommissioned';
}
