import type { App } from '@slack/bolt';
import { describeError } from '../../src/app/describe-error';
import type { DecommissionEvidence } from '../../src/app/decommission-app';
import { isAppError } from '../../src/domain/errors';
import { decommissionForm } from '../../src/views/decommission-form';
import { day } from '../../src/views/wording';
import { escapeMrkdwn, toModal } from './block-kit';
import type { SlackHandlerDeps } from './slack-handler-deps';

/** Callback id of the decommission confirmation form. */
export const DECOMMISSION_CALLBACK = 'microapp.app.decommission.submit';


/** `/microapp recertify <app>`: renews the approval, or says why it needs a fresh review. */
export async function recertifyCommand(deps: SlackHandlerDeps, app: string, userId: string, teamId?: string): Promise<string> {
  try {
    const renewed = await deps.core.recertifyApp(app, await deps.actorOf(userId, teamId));
    return `Re-certified "${escapeMrkdwn(renewed.name)}": approved until ${day(renewed.expiresAt)}.`;
  } catch (error) {
    return answer(deps, error);
  }
}

/** `/microapp transfer <app> @user`: hands the app over and tells the new owner. */
export async function transferCommand(deps: SlackHandlerDeps, app: string, toUserId: string, userId: string, teamId?: string): Promise<string> {
  try {
    const { app: moved } = await deps.core.transferApp(app, `slack:${toUserId}`, await deps.actorOf(userId, teamId));
    await deps.messenger
      .sendToUser(moved.owner, { title: `You now own ${moved.name}`, blocks: [{ type: 'text', text: `"${moved.name}" was handed to you. You are accountable for it now: /microapp status ${moved.name} shows where it stands.` }] })
      .catch((error: unknown) => deps.logger.error('could not tell the new owner', { error }));
    return `"${escapeMrkdwn(moved.name)}" now belongs to <@${toUserId}>.`;
  } catch (error) {
    return answer(deps, error);
  }
}

/** Opens the decommission confirmation form. */
export async function openDecommissionForm(client: App['client'], triggerId: string, app: string): Promise<void> {
  await client.views.open({ trigger_id: triggerId, view: toModal(decommissionForm(app), DECOMMISSION_CALLBACK, JSON.stringify({ app })) as never });
}

/** Handles the decommission form: both confirmations are required, and problems show inline. */
export function registerStewardHandlers(app: App, deps: SlackHandlerDeps): void {
  app.view(DECOMMISSION_CALLBACK, async ({ ack, body, view }) => {
    const values = view.state.values;
    const ticked = (id: string) => (values[id]?.[id]?.selected_options ?? []).length > 0;
    const evidence: DecommissionEvidence = { planCarriedOut: ticked('planCarriedOut'), dataPurged: ticked('dataPurged'), note: values.note?.note?.value ?? undefined };
    const { app: name } = JSON.parse(view.private_metadata || '{}') as { app?: string };
    try {
      const retired = await deps.core.decommissionApp(name ?? '', evidence, await deps.actorOf(body.user.id, body.team?.id));
      await ack();
      deps.later(() =>
        deps.messenger.sendToUser(`slack:${body.user.id}`, { title: `${retired.name}: decommissioned`, blocks: [{ type: 'text', text: `"${retired.name}" is decommissioned. Thank you for retiring it cleanly.` }] }),
      );
    } catch (error) {
      const message = describeError(error);
      const errors = Object.fromEntries((message.fieldErrors ?? [{ field: 'note', message: message.text }]).map((e) => [e.field, e.message]));
      await ack({ response_action: 'errors', errors });
    }
  });
}

function answer(deps: SlackHandlerDeps, error: unknown): string {
  if (!isAppError(error)) deps.logger.error('a steward command failed', { error });
  return escapeMrkdwn(describeError(error).text);
}
