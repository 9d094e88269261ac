import type { App, RespondFn } from '@slack/bolt';
import type { SlackRoutes } from './slack-routes';
import type { Actor } from '../../src/domain/actor';
import type { FormValues } from '../../src/domain/registration-answers';
import type { RegistrationFormState } from '../../src/domain/registration-draft';
import { encodeDraft } from '../../src/domain/registration-draft';
import { ACTIONS } from '../../src/views/action-ids';
import { registrationForm } from '../../src/views/registration-form';
import { answerFailure } from '../../src/views/answer-failure';
import { LIMITS, cut, toModal, toReply } from './block-kit';
import { readSlackFormValues } from './form-values';
import type { SlackHandlerDeps } from './slack-handler-deps';

/** Slack shows inline errors under the input; longer ones only push the form down. */
const MAX_ERROR_CHARS = 1000;

/** What bolt's `ack` takes for a `view_submission`: nothing (close), inline errors, or the next view. */
type ViewAnswer =
  | undefined
  | { response_action: 'errors'; errors: Record<string, string> }
  | { response_action: 'update'; view: Record<string, unknown> };

/** The blocks of a submitted view, as far as this handler reads them. */
type SubmittedBlocks = readonly { type: string; block_id?: string }[] | undefined;

/**
 * `/microapp register` and App Home's Register button: opens the first step at once (the trigger id
 * lives three seconds). A new registration needs nothing about the person yet, so no look-up
 * delays the modal; the owner is the submitter unless step 2 says otherwise.
 */
export async function openRegistration(
  client: App['client'],
  deps: SlackHandlerDeps<'startRegistration'>,
  triggerId: string,
  userId: string,
  teamId?: string,
): Promise<void> {
  const actor: Actor = { platform: 'slack', tenant: teamId, userId };
  await openForm(client, triggerId, await deps.core.startRegistration(actor));
}

/**
 * `/microapp update <app>`: the same form, filled in from the app's latest revision. A change the
 * person cannot make (not found, not theirs, not approved, a change already waiting) opens nothing
 * and is answered in words only they see.
 */
export async function openUpdate(
  client: App['client'],
  deps: SlackHandlerDeps<'startRegistration'>,
  command: { trigger_id: string; user_id: string; team_id?: string },
  appName: string,
  respond: RespondFn,
): Promise<void> {
  const actor = await deps.actorOf(command.user_id, command.team_id);
  let state: RegistrationFormState;
  try {
    state = await deps.core.startRegistration(actor, appName);
  } catch (error) {
    const { text } = await answerFailure(deps, 'opening a change', error, actor);
    deps.later(() => respond({ response_type: 'ephemeral', ...toReply(text) }));
    return;
  }
  await openForm(client, command.trigger_id, state);
}

/** Opens the registration form at `state` in a modal, with a click's or command's trigger. */
export async function openForm(client: App['client'], triggerId: string, state: RegistrationFormState): Promise<void> {
  await client.views.open({
    trigger_id: triggerId,
    view: toModal(registrationForm(state), ACTIONS.submitRegistration, encodeDraft(state.draft)) as never,
  });
}

/**
 * Handles each submitted step of the form (new registrations and changes alike; the draft in
 * `private_metadata` says which). The core answers with the next step (shown in place with
 * `response_action: 'update'`), problems for the inputs on screen (`errors`), or a stored
 * registration: then the modal closes, and the assessment, the owner's note and the reviewers'
 * cards go out through the outbox.
 */
export function registerRegistrationHandlers(app: SlackRoutes, deps: SlackHandlerDeps<'advanceRegistration'>): void {
  app.view(ACTIONS.submitRegistration, async ({ ack, body, view }) => {
    const actor = await deps.actorOf(body.user.id, body.team?.id);
    const values = readSlackFormValues(view.state.values as never);
    await ack((await answerStep(deps, values, view.private_metadata, view.blocks as SubmittedBlocks, actor)) as never);
  });
}

async function answerStep(
  deps: SlackHandlerDeps<'advanceRegistration'>,
  values: FormValues,
  carried: string,
  blocks: SubmittedBlocks,
  actor: Actor,
): Promise<ViewAnswer> {
  try {
    const step = await deps.core.advanceRegistration(values, carried || undefined, actor);
    switch (step.kind) {
      case 'done':
        return undefined;
      case 'errors':
        return { response_action: 'errors', errors: onScreen(step.errors, blocks) };
      case 'form': {
        const draft = encodeDraft(step.state.draft);
        // private_metadata holds at most 3000 characters; only long first-step text can fill it.
        if (draft.length > LIMITS.privateMetadata) {
          const target = inputIds(blocks).includes('purpose') ? 'purpose' : firstInput(blocks);
          return {
            response_action: 'errors',
            errors: {
              [target]: `Too long to carry to the next step: please shorten this by about ${draft.length - LIMITS.privateMetadata} characters.`,
            },
          };
        }
        return {
          response_action: 'update',
          view: toModal(registrationForm(step.state), ACTIONS.submitRegistration, draft),
        };
      }
    }
  } catch (error) {
    const { text } = await answerFailure(deps, 'a registration step', error, actor);
    return { response_action: 'errors', errors: { [firstInput(blocks)]: cut(text, MAX_ERROR_CHARS) } };
  }
}

/**
 * An errors answer naming a block that is not on screen leaves the person with Slack's "We had some
 * trouble connecting" (as bolt users report): such a problem goes on the first input instead.
 * Messages are cut short.
 */
function onScreen(errors: Record<string, string>, blocks: SubmittedBlocks): Record<string, string> {
  const ids = inputIds(blocks);
  const placed: Record<string, string> = {};
  for (const [id, message] of Object.entries(errors)) {
    const target = ids.length === 0 || ids.includes(id) ? id : firstInput(blocks);
    placed[target] = [placed[target], message].filter(Boolean).join(' ');
  }
  return Object.fromEntries(Object.entries(placed).map(([id, message]) => [id, cut(message, MAX_ERROR_CHARS)]));
}

function inputIds(blocks: SubmittedBlocks): string[] {
  return (blocks ?? []).filter((b) => b.type === 'input' && b.block_id).map((b) => b.block_id!);
}

/** Where a problem that belongs to no input is shown: the name on the first step, else the first input on screen. */
function firstInput(blocks: SubmittedBlocks): string {
  const ids = inputIds(blocks);
  return ids.includes('name') ? 'name' : (ids[0] ?? 'name');
}
