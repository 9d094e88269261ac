import type { App, BlockButtonAction } from '@slack/bolt';
import { ACTIONS } from '../../src/views/action-ids';
import { homeView } from '../../src/views/home-view';
import { toHome } from './block-kit';
import { openRegistrationForm } from './registration-handlers';
import type { SlackHandlerDeps } from './slack-handler-deps';

/** App Home: publishes the person's apps and pending reviews when they open it; its Register button opens the form. */
export function registerHomeHandlers(app: App, deps: SlackHandlerDeps): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const actor = await deps.actorOf(event.user, (body as { team_id?: string }).team_id);
    const apps = await deps.core.listApps({ owners: [`slack:${actor.userId}`, ...(actor.email ? [actor.email] : [])], limit: 200 });
    const pending = await deps.core.pendingReviewsFor(actor);
    await client.views.publish({ user_id: event.user, view: toHome(homeView(apps.apps, pending)) as never });
  });

  app.action<BlockButtonAction>(ACTIONS.openRegistration, async ({ ack, body, client }) => {
    await ack();
    await openRegistrationForm(client, body.trigger_id, body.user.id);
  });
}
