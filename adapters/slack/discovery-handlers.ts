import type { App, BlockButtonAction } from '@slack/bolt';
import type { SlackRoutes } from './slack-routes';
import type { ClaimAnswer } from '../../src/domain/discovered-item';
import { ACTIONS } from '../../src/views/action-ids';
import { answerFailure } from '../../src/views/answer-failure';
import { discoveryAnswer } from '../../src/views/discovery-answer';
import { toReply } from './block-kit';
import { openForm } from './registration-handlers';
import type { SlackHandlerDeps } from './slack-handler-deps';

/**
 * The buttons of a discovery question. Register it opens the registration form pre-filled with the
 * item's name and ref, with the click's trigger; Not mine and It's retired are recorded before Slack
 * gets its acknowledgement, then the clicker hears the outcome (or the refusal) in a message only they see.
 */
export function registerDiscoveryHandlers(
  app: SlackRoutes,
  deps: SlackHandlerDeps<'answerDiscoveredItem' | 'startDiscoveredRegistration'>,
): void {
  const ephemeral = (client: App['client'], body: BlockButtonAction, text: string) => {
    const channel = body.channel?.id;
    if (channel) deps.later(() => client.chat.postEphemeral({ channel, user: body.user.id, ...toReply(text) }));
  };
  const answer =
    (claim: ClaimAnswer) =>
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
        text = discoveryAnswer(await deps.core.answerDiscoveredItem({ ref: action.value ?? '', answer: claim }, actor));
      } catch (error) {
        text = (await answerFailure(deps, 'a discovery question', error, actor)).text;
      }
      await ack();
      ephemeral(client, body, text);
    };
  app.action<BlockButtonAction>(ACTIONS.discoveredNotMine, answer('not-mine'));
  app.action<BlockButtonAction>(ACTIONS.discoveredRetired, answer('retired'));
  app.action<BlockButtonAction>(ACTIONS.registerDiscovered, async ({ ack, body, action, client }) => {
    await ack();
    const actor = await deps.actorOf(body.user.id, body.team?.id ?? undefined);
    try {
      await openForm(client, body.trigger_id, await deps.core.startDiscoveredRegistration(action.value ?? '', actor));
    } catch (error) {
      ephemeral(client, body, (await answerFailure(deps, 'opening the registration form', error, actor)).text);
    }
  });
}
