import type { BlockButtonAction } from '@slack/bolt';
import type { SlackRoutes } from './slack-routes';
import { ACTIONS } from '../../src/views/action-ids';
import { denialForm } from '../../src/views/denial-form';
import { answerFailure } from '../../src/views/answer-failure';
import { toModal, toReply } from './block-kit';
import { publishHome } from './home-handlers';
import type { SlackHandlerDeps } from './slack-handler-deps';

/**
 * Approve and Deny on approval cards (in channels and on App Home). An Approve is decided and
 * committed before Slack gets its acknowledgement, so an acknowledged click is never lost; the
 * card updates and the owner's message go out through the outbox. Refusals come back as a message
 * only the clicker sees.
 */
export function registerReviewHandlers(
  app: SlackRoutes,
  deps: SlackHandlerDeps<'decideReview' | 'listApps' | 'pendingReviewsFor' | 'reviewDetails'>,
): void {
  app.action<BlockButtonAction>(ACTIONS.approve, async ({ ack, body, action, client }) => {
    const actor = await deps.actorOf(body.user.id, body.team?.id ?? undefined);
    let refusal: unknown;
    try {
      await deps.core.decideReview({ reviewId: action.value ?? '', actor, verdict: 'approve' });
    } catch (error) {
      refusal = error; // explained, and logged if unexpected, once Slack has its acknowledgement
    }
    await ack();
    const onHome = body.view?.type === 'home';
    if (refusal === undefined && !onHome) return;
    deps.later(async () => {
      const text = refusal === undefined ? undefined : (await answerFailure(deps, 'approval', refusal, actor)).text;
      if (onHome) await publishHome(client, deps, body.user.id, body.team?.id, text);
      else if (text && body.channel?.id)
        await client.chat.postEphemeral({ channel: body.channel.id, user: body.user.id, ...toReply(text) });
    });
  });

  app.action<BlockButtonAction>(ACTIONS.deny, async ({ ack, body, action, client }) => {
    await ack();
    const reviewId = action.value ?? '';
    const details = await deps.core.reviewDetails(reviewId);
    await client.views.open({
      trigger_id: body.trigger_id,
      view: toModal(
        denialForm(details?.app.name ?? 'this app'),
        ACTIONS.submitDenial,
        JSON.stringify({ reviewId }),
      ) as never,
    });
  });

  app.view(ACTIONS.submitDenial, async ({ ack, body, view }) => {
    const { reviewId } = JSON.parse(view.private_metadata || '{}') as { reviewId?: string };
    const reason = (view.state.values.reason?.reason?.value ?? '').trim();
    const actor = await deps.actorOf(body.user.id, body.team?.id);
    try {
      await deps.core.decideReview({ reviewId: reviewId ?? '', actor, verdict: 'deny', reason });
      await ack();
    } catch (error) {
      await ack({
        response_action: 'errors',
        errors: { reason: (await answerFailure(deps, 'denial', error, actor)).text },
      });
    }
  });
}
