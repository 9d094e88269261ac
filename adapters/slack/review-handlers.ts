import type { App, BlockButtonAction } from '@slack/bolt';
import { describeError } from '../../src/app/describe-error';
import { isAppError } from '../../src/domain/errors';
import { ACTIONS } from '../../src/views/action-ids';
import { denialForm } from '../../src/views/denial-form';
import { toModal } from './block-kit';
import type { SlackHandlerDeps } from './slack-handler-deps';

/**
 * Approve and Deny on approval cards. Clicks are acknowledged at once; the core decides (role,
 * separation of duties, still open); refusals come back as a message only the clicker sees, and a
 * decision updates every copy of the card and tells the owner.
 */
export function registerReviewHandlers(app: App, deps: SlackHandlerDeps): void {
  app.action<BlockButtonAction>(ACTIONS.approve, async ({ ack, body, action, client }) => {
    await ack();
    deps.later(async () => {
      try {
        const result = await deps.core.decideReview({ reviewId: action.value ?? '', actor: await deps.actorOf(body.user.id, body.team?.id ?? undefined), verdict: 'approve' });
        await deps.core.publish(result);
      } catch (error) {
        if (!isAppError(error)) deps.logger.error('approval failed', { error });
        if (body.channel?.id) await client.chat.postEphemeral({ channel: body.channel.id, user: body.user.id, text: describeError(error).text });
      }
    });
  });

  app.action<BlockButtonAction>(ACTIONS.deny, async ({ ack, body, action, client }) => {
    await ack();
    const reviewId = action.value ?? '';
    const details = await deps.core.reviewDetails(reviewId);
    await client.views.open({ trigger_id: body.trigger_id, view: toModal(denialForm(details?.app.name ?? 'this app'), ACTIONS.submitDenial, JSON.stringify({ reviewId })) as never });
  });

  app.view(ACTIONS.submitDenial, async ({ ack, body, view }) => {
    const { reviewId } = JSON.parse(view.private_metadata || '{}') as { reviewId?: string };
    const reason = (view.state.values.reason?.reason?.value ?? '').trim();
    try {
      const result = await deps.core.decideReview({ reviewId: reviewId ?? '', actor: await deps.actorOf(body.user.id, body.team?.id), verdict: 'deny', reason });
      await ack();
      deps.later(() => deps.core.publish(result));
    } catch (error) {
      if (!isAppError(error)) deps.logger.error('denial failed', { error });
      await ack({ response_action: 'errors', errors: { reason: describeError(error).text } });
    }
  });
}
