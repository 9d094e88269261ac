import type { App } from '@slack/bolt';
import { describeError } from '../../src/app/describe-error';
import { isAppError } from '../../src/domain/errors';
import { MANIFEST_FIELDS } from '../../src/domain/manifest-fields';
import { ACTIONS } from '../../src/views/action-ids';
import { readRegistrationForm, registrationForm } from '../../src/views/registration-form';
import { toModal } from './block-kit';
import { readSlackFormValues } from './form-values';
import type { SlackHandlerDeps } from './slack-handler-deps';

const FLAGS = new Set(MANIFEST_FIELDS.filter((f) => f.kind === 'flag').map((f) => f.key));
const MAX_ERROR_CHARS = 1000;

/** Opens the registration form (from the slash command or the App Home button). */
export async function openRegistrationForm(client: App['client'], triggerId: string, userId: string): Promise<void> {
  await client.views.open({ trigger_id: triggerId, view: toModal(registrationForm({ owner: `slack:${userId}` }), ACTIONS.submitRegistration) as never });
}

/**
 * Handles the submitted form: the core validates it (schema, secret scan, policy demands); problems
 * go back inline on the right inputs and the modal stays open with everything typed. A valid
 * registration closes the modal; the assessment, the owner's note and the reviewers' cards were
 * queued with it and go out through the outbox.
 */
export function registerRegistrationHandlers(app: App, deps: SlackHandlerDeps): void {
  app.view(ACTIONS.submitRegistration, async ({ ack, body, view }) => {
    const values = readSlackFormValues(view.state.values as never, FLAGS);
    const actor = await deps.actorOf(body.user.id, body.team?.id);
    try {
      await deps.core.submitRegistration(readRegistrationForm(values), actor);
    } catch (error) {
      const message = describeError(error);
      if (isAppError(error, 'input.invalid') || isAppError(error, 'registration.name_taken')) {
        const errors: Record<string, string> = {};
        for (const e of message.fieldErrors ?? [{ field: 'name', path: 'name', message: message.text }]) {
          const block = MANIFEST_FIELDS.some((f) => f.key === e.field) ? e.field : 'name';
          errors[block] = [errors[block], e.message].filter(Boolean).join(' ').slice(0, MAX_ERROR_CHARS);
        }
        await ack({ response_action: 'errors', errors });
        return;
      }
      deps.logger.error('registration failed', { error });
      await ack({ response_action: 'errors', errors: { name: message.text } });
      return;
    }
    await ack();
  });
}
