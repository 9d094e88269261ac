import type { App, BlockButtonAction } from '@slack/bolt';
import type { SlackRoutes } from './slack-routes';
import type { Core } from '../../src/app/core';
import { ACTIONS } from '../../src/views/action-ids';
import { homeView } from '../../src/views/home-view';
import { toHome } from './block-kit';
import { openRegistration } from './registration-handlers';
import type { SlackHandlerDeps } from './slack-handler-deps';

/** Publishes a person's App Home: their apps, the reviews waiting for them (with Approve and Deny), discovery coverage for admins, and `notice` on top when given. */
export async function publishHome(
  client: App['client'],
  deps: SlackHandlerDeps<'listApps' | 'pendingReviewsFor'> & { core: Partial<Pick<Core, 'adminCoverage'>> },
  userId: string,
  teamId?: string,
  notice?: string,
): Promise<void> {
  const actor = await deps.actorOf(userId, teamId);
  const apps = await deps.core.listApps({
    owners: [`slack:${actor.userId}`, ...(actor.email ? [actor.email] : [])],
    limit: 200,
  });
  const pending = await deps.core.pendingReviewsFor(actor);
  const coverage = await deps.core.adminCoverage?.(actor);
  const view = homeView(apps.apps, pending, actor.timeZone, coverage);
  if (notice) view.blocks.unshift({ type: 'text', text: notice, tone: 'warning' });
  await client.views.publish({ user_id: userId, view: toHome(view) as never });
}

/** App Home: published when the person opens it; its Register button opens the form. */
export function registerHomeHandlers(
  app: SlackRoutes,
  deps: SlackHandlerDeps<'listApps' | 'pendingReviewsFor' | 'adminCoverage' | 'startRegistration'>,
): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    await publishHome(client, deps, event.user, (body as { team_id?: string }).team_id);
  });

  app.action<BlockButtonAction>(ACTIONS.openRegistration, async ({ ack, body, client }) => {
    await ack();
    await openRegistration(client, deps, body.trigger_id, body.user.id, body.team?.id ?? undefined);
  });
}
