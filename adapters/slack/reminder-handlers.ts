import type { App, BlockButtonAction, RespondFn } from '@slack/bolt';
import type { ReminderAnswer } from '../../src/app/answer-reminder';
import { isAppError } from '../../src/domain/errors';
import { ACTIONS } from '../../src/views/action-ids';
import { reminderAnswer } from '../../src/views/reminder-answer';
import { toReply } from './block-kit';
import { openUpdate } from './registration-handlers';
import type { SlackHandlerDeps } from './slack-handler-deps';

/**
 * The buttons of a reminder digest: Re-certify and Snooze are done before Slack gets its
 * acknowledgement (a pressed button is never lost), then the clicker hears the outcome or the
 * refusal in a message only they see; Change details opens the change form with the click's trigger.
 */
export function registerReminderHandlers(app: App, deps: SlackHandlerDeps): void {
  const answer = (toAnswer: (value: string) => ReminderAnswer) =>
    async ({ ack, body, action, client }: { ack: () => Promise<void>; body: BlockButtonAction; action: BlockButtonAction['actions'][number]; client: App['client'] }) => {
      const actor = await deps.actorOf(body.user.id, body.team?.id ?? undefined);
      let text: string;
      try {
        text = reminderAnswer(await deps.core.answerReminder(toAnswer(action.value ?? ''), actor), actor.timeZone);
      } catch (error) {
        if (!isAppError(error)) deps.logger.error('a reminder button failed', { error });
        text = (await deps.core.explain(error, actor)).text;
      }
      await ack();
      const channel = body.channel?.id;
      if (channel) deps.later(() => client.chat.postEphemeral({ channel, user: body.user.id, ...toReply(text) }));
    };
  app.action<BlockButtonAction>(ACTIONS.recertify, answer((value) => ({ reminderId: value, action: 'recertify' })));
  app.action<BlockButtonAction>(
    ACTIONS.snooze,
    answer((value) => {
      const [reminderId = '', days = ''] = value.split(':');
      return { reminderId, action: 'snooze', days: Number(days) };
    }),
  );
  app.action<BlockButtonAction>(ACTIONS.changeApp, async ({ ack, body, action, client, respond }) => {
    await ack();
    await openUpdate(client, deps, { trigger_id: body.trigger_id, user_id: body.user.id, team_id: body.team?.id }, action.value ?? '', respond as RespondFn);
  });
}
