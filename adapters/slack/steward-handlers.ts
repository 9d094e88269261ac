import type { App } from '@slack/bolt';
import type { SlackRoutes } from './slack-routes';
import { exceptionGranted } from '../../src/views/exception-answer';
import type { DecommissionEvidence } from '../../src/app/stewardship/decommission-app';
import type { Actor } from '../../src/domain/actor';
import { decommissionForm } from '../../src/views/decommission-form';
import { day, personName, zoneLine } from '../../src/views/wording';
import { incidentReported } from '../../src/views/incident-answer';
import { tokenIssued } from '../../src/views/token-issued';
import { answerFailure } from '../../src/views/answer-failure';
import { toModal } from './block-kit';
import type { SlackHandlerDeps } from './slack-handler-deps';

/** Callback id of the decommission confirmation form. */
export const DECOMMISSION_CALLBACK = 'microapp.app.decommission.submit';

/** `/microapp recertify <app>`: renews the approval, or says why it needs a fresh review. Plain text; the caller escapes it. */
export async function recertifyCommand(
  deps: SlackHandlerDeps<'recertifyApp'>,
  app: string,
  actor: Actor,
): Promise<string> {
  try {
    const renewed = await deps.core.recertifyApp(app, actor);
    return [
      `Re-certified "${renewed.name}": approved until ${day(renewed.expiresAt, actor.timeZone)}.`,
      ...zoneLine(actor.timeZone),
    ].join(' ');
  } catch (error) {
    return (await answerFailure(deps, 'a steward command', error, actor)).text;
  }
}

/** `/microapp incident <app> <what happened>`: records it; security hears at once. */
export async function incidentCommand(
  deps: SlackHandlerDeps<'openIncident'>,
  text: string,
  actor: Actor,
): Promise<string> {
  try {
    const r = await deps.core.openIncident(text, actor);
    return incidentReported(r.app.name, r.told, r.remindAfterHours);
  } catch (error) {
    return (await answerFailure(deps, 'a steward command', error, actor)).text;
  }
}

/** `/microapp transfer <app> @user`: hands the app over; the new and previous owners are told through the outbox. */
export async function transferCommand(
  deps: SlackHandlerDeps<'people' | 'transferApp'>,
  app: string,
  toUserId: string,
  actor: Actor,
): Promise<string> {
  try {
    const { app: moved } = await deps.core.transferApp(app, `slack:${toUserId}`, actor);
    const names = await deps.core.people.names([moved.owner]);
    return `"${moved.name}" now belongs to ${personName(moved.owner, names)}. They have been told.`;
  } catch (error) {
    return (await answerFailure(deps, 'a steward command', error, actor)).text;
  }
}

/** `/microapp exception <app> <rule> <days> <controls>`: a reviewer or admin waives one rule for a few days. */
export async function exceptionCommand(
  deps: SlackHandlerDeps<'grantException'>,
  text: string,
  actor: Actor,
): Promise<string> {
  try {
    return exceptionGranted(await deps.core.grantException({ text }, actor), actor.timeZone);
  } catch (error) {
    return (await answerFailure(deps, 'a steward command', error, actor)).text;
  }
}

/** `/microapp token <app>`: a new heartbeat token for the owner or backup owner, answered only to them (the token shown once, as code). */
export async function tokenCommand(
  deps: SlackHandlerDeps<'issueAppToken'>,
  app: string,
  actor: Actor,
): Promise<string> {
  try {
    return tokenIssued(await deps.core.issueAppToken(app, actor), (t) => `\`${t}\``);
  } catch (error) {
    return (await answerFailure(deps, 'a steward command', error, actor)).text;
  }
}

/** Opens the decommission confirmation form. */
export async function openDecommissionForm(client: App['client'], triggerId: string, app: string): Promise<void> {
  await client.views.open({
    trigger_id: triggerId,
    view: toModal(decommissionForm(app), DECOMMISSION_CALLBACK, JSON.stringify({ app })) as never,
  });
}

/** Handles the decommission form: both confirmations are required, and problems show inline. */
export function registerStewardHandlers(app: SlackRoutes, deps: SlackHandlerDeps<'decommissionApp'>): void {
  app.view(DECOMMISSION_CALLBACK, async ({ ack, body, view }) => {
    const values = view.state.values;
    const ticked = (id: string) => (values[id]?.[id]?.selected_options ?? []).length > 0;
    const evidence: DecommissionEvidence = {
      planCarriedOut: ticked('planCarriedOut'),
      dataPurged: ticked('dataPurged'),
      note: values.note?.note?.value ?? undefined,
    };
    const { app: name } = JSON.parse(view.private_metadata || '{}') as { app?: string };
    const actor = await deps.actorOf(body.user.id, body.team?.id);
    try {
      await deps.core.decommissionApp(name ?? '', evidence, actor);
      await ack();
    } catch (error) {
      const message = await answerFailure(deps, 'decommissioning', error, actor);
      const errors = Object.fromEntries(
        (message.fieldErrors ?? [{ field: 'note', message: message.text }]).map((e) => [e.field, e.message]),
      );
      await ack({ response_action: 'errors', errors });
    }
  });
}
