import type { BlockButtonAction } from '@slack/bolt';
import type { SlackRoutes } from './slack-routes';
import { ACTIONS } from '../../src/views/action-ids';
import { appDetails } from '../../src/views/app-details';
import type { View } from '../../src/ports/view-model';
import { toModal } from './block-kit';
import type { SlackHandlerDeps } from './slack-handler-deps';

const GONE: View = {
  title: 'App details',
  blocks: [{ type: 'text', text: 'This revision is no longer registered; the app may have been removed.' }],
};

/**
 * "Full details" on approval cards (open or decided): acknowledges at once, then opens a read-only
 * modal with everything the owner declared in that revision, technical details included. It runs
 * beside Approve and Deny without holding up their acknowledgements.
 */
export function registerDetailsHandlers(app: SlackRoutes, deps: SlackHandlerDeps<'describeApp'>): void {
  app.action<BlockButtonAction>(ACTIONS.showDetails, async ({ ack, body, action, client }) => {
    await ack();
    const [actor, described] = await Promise.all([
      deps.actorOf(body.user.id, body.team?.id ?? undefined),
      deps.core.describeApp('', action.value ?? ''),
    ]);
    // The modal title holds 24 characters: the app's name; where it stands opens the body.
    const view = described ? { ...appDetails(described, actor.timeZone, actor), title: described.app.name } : GONE;
    await client.views.open({
      trigger_id: body.trigger_id,
      view: toModal({ ...view, submitLabel: undefined, closeLabel: 'Close' }, ACTIONS.showDetails) as never,
    });
  });
}
