import type { App, BlockButtonAction, RespondFn } from '@slack/bolt';
import type { SlackRoutes } from './slack-routes';
import type { ReminderAnswer } from '../../src/app/sweep/answer-reminder';
import { ACTIONS } from '../../src/views/action-ids';
import { reminderAnswer } from '../../src/views/reminder-answer';
import type { TypedInputs } from '../../src/views/reminder-buttons';
import { REMINDER_BUTTONS } from '../../src/views/reminder-buttons';
import { claimAnswer, incidentAnswer } from '../../src/views/incident-answer';
import type { Actor } from '../../src/domain/actor';
import { answerFailure } from '../../src/views/answer-failure';
import { toReply } from './block-kit';
import { openUpdate } from './registration-handlers';
import { openDecommissionForm } from './steward-handlers';
import type { SlackHandlerDeps } from './slack-handler-deps';

/**
 * The buttons of a reminder digest and an incident: every reminder button (`REMINDER_BUTTONS`),
 * Acknowledge, Root cause recorded and Take ownership are done before Slack gets its acknowledgement (a pressed button is never lost), then the clicker hears the outcome or the
 * refusal in a message only they see; Change details opens the change form, Retire it the decommission form, with the click's trigger.
 */
export function registerReminderHandlers(
  app: SlackRoutes,
  deps: SlackHandlerDeps<'answerIncident' | 'answerReminder' | 'claimApp' | 'people' | 'startRegistration'>,
): void {
  const answer =
    (work: (value: string, actor: Actor, typed: TypedInputs) => Promise<string>) =>
    async ({
      ack,
      body,
      action,
      client,
    }: {
      ack: () => Promise<void>;
      body: BlockButtonAction;
      action: BlockButtonAction['actions'][number];
      client: App['client'];
    }) => {
      const actor = await deps.actorOf(body.user.id, body.team?.id ?? undefined);
      let text: string;
      try {
        text = await work(action.value ?? '', actor, typedIn(body));
      } catch (error) {
        text = (await answerFailure(deps, 'a reminder button', error, actor)).text;
      }
      await ack();
      const channel = body.channel?.id;
      if (channel) deps.later(() => client.chat.postEphemeral({ channel, user: body.user.id, ...toReply(text) }));
    };
  const reminder = (toAnswer: (value: string, typed: TypedInputs) => ReminderAnswer) =>
    answer(async (value, actor, typed) =>
      reminderAnswer(await deps.core.answerReminder(toAnswer(value, typed), actor), actor.timeZone),
    );
  const incident = (action: 'acknowledge' | 'resolve') =>
    answer(async (value, actor) => {
      const outcome = await deps.core.answerIncident(value, action, actor);
      return incidentAnswer(
        outcome,
        await deps.core.people.names([outcome.incident.acknowledgedBy, outcome.incident.resolvedBy]),
        actor.timeZone,
      );
    });
  for (const [actionId, toAnswer] of Object.entries(REMINDER_BUTTONS))
    app.action<BlockButtonAction>(actionId, reminder(toAnswer));
  app.action<BlockButtonAction>(ACTIONS.acknowledgeIncident, incident('acknowledge'));
  app.action<BlockButtonAction>(ACTIONS.resolveIncident, incident('resolve'));
  app.action<BlockButtonAction>(
    ACTIONS.claimApp,
    answer(async (value, actor) => claimAnswer((await deps.core.claimApp(value, actor)).name)),
  );
  app.action<BlockButtonAction>(ACTIONS.retireApp, async ({ ack, body, action, client }) => {
    await ack();
    await openDecommissionForm(client, body.trigger_id, action.value ?? '');
  });
  app.action<BlockButtonAction>(ACTIONS.changeApp, async ({ ack, body, action, client, respond }) => {
    await ack();
    await openUpdate(
      client,
      deps,
      { trigger_id: body.trigger_id, user_id: body.user.id, team_id: body.team?.id },
      action.value ?? '',
      respond as RespondFn,
    );
  });
}

/** What was typed in the message's inputs when its button was pressed (`state.values`: block id → action id → state). */
function typedIn(body: BlockButtonAction): TypedInputs {
  const blocks = (body as { state?: { values?: Record<string, Record<string, { value?: unknown }>> } }).state?.values;
  return (inputId) => {
    for (const block of Object.values(blocks ?? {})) {
      const typed = block?.[inputId]?.value;
      if (typeof typed === 'string') return typed;
    }
    return undefined;
  };
}
