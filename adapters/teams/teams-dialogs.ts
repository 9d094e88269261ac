import type { Core } from '../../src/app/core';
import type { Actor } from '../../src/domain/actor';
import type { RegistrationFormState } from '../../src/domain/registration-draft';
import { decodeDraft, encodeDraft } from '../../src/domain/registration-draft';
import type { Logger } from '../../src/log/logger';
import { ACTIONS } from '../../src/views/action-ids';
import { appDetails } from '../../src/views/app-details';
import { decommissionForm } from '../../src/views/decommission-form';
import { registrationForm } from '../../src/views/registration-form';
import type { View } from '../../src/ports/view-model';
import { STATUS_WORDS } from '../../src/views/wording';
import type { Person } from '../../src/ports/people';
import type { AdaptiveCard } from './adaptive-card';
import { cardAttachment, toFormCard } from './adaptive-card';
import { answerFailure } from '../../src/views/answer-failure';
import { messageCard } from './teams-cards';
import { readTeamsFormValues } from './teams-form-values';
import type { Presenter } from '../../src/views/create-presenter';

/** What a dialog invoke answers: the next card to show, or a closing message. */
export type TaskResponse = {
  task:
    | {
        type: 'continue';
        value: { title: string; width: string; height: string; card: ReturnType<typeof cardAttachment> };
      }
    | { type: 'message'; value: string };
};

/** The dialogs this adapter opens. `data.action` names one; the form cards carry it back on submit. */
export const DIALOGS = {
  register: 'register',
  update: 'update',
  decommission: 'decommission',
  details: ACTIONS.showDetails,
} as const;

/**
 * Dialogs (task modules): `task/fetch` opens the registration form (new, a change, or pre-filled
 * from a discovered item by a discovery question's Register it), the
 * decommission confirmation (typed, or a reminder's Retire it) or an app's full details; `task/submit` takes each step of a form.
 * Problems come back in the same form with every answer kept and each message under its input;
 * a stored registration closes the dialog and the assessment arrives in the person's chat.
 */
export function createTeamsDialogs(deps: {
  core: Pick<
    Core,
    | 'advanceRegistration'
    | 'decommissionApp'
    | 'describeApp'
    | 'people'
    | 'startDiscoveredRegistration'
    | 'startRegistration'
  >;
  views: Presenter;
  logger: Logger;
}) {
  const { core } = deps;

  /** The form for a registration step, each people picker carrying the person already picked (so Teams shows their name). */
  const formStep = async (state: RegistrationFormState): Promise<TaskResponse> => {
    const view = registrationForm(state);
    const picked = view.blocks.flatMap((b) =>
      b.type === 'input' && b.kind === 'user' && typeof b.initial === 'string' ? [b.initial] : [],
    );
    const names = picked.length ? await core.people.names(picked).catch(() => ({}) as Record<string, string>) : {};
    const blocks = view.blocks.map((b) =>
      b.type === 'input' && b.kind === 'user' && typeof b.initial === 'string' && names[b.initial]
        ? { ...b, options: [{ value: b.initial, label: names[b.initial]! }] }
        : b,
    );
    return form({ ...view, blocks }, { action: ACTIONS.submitRegistration, draft: encodeDraft(state.draft) });
  };

  const fetch = async (data: Record<string, unknown>, actor: Actor): Promise<TaskResponse> => {
    const action = String(data.action ?? '');
    try {
      switch (action) {
        case DIALOGS.register:
        case ACTIONS.openRegistration:
          return formStep(await core.startRegistration(actor));
        case DIALOGS.update:
          return formStep(await core.startRegistration(actor, String(data.app ?? '')));
        case ACTIONS.changeApp:
          return formStep(await core.startRegistration(actor, String(data.value ?? '')));
        case ACTIONS.registerDiscovered:
          return formStep(await core.startDiscoveredRegistration(String(data.value ?? ''), actor));
        case DIALOGS.decommission:
          return form(decommissionForm(String(data.app ?? '')), {
            action: DIALOGS.decommission,
            app: String(data.app ?? ''),
          });
        case ACTIONS.retireApp:
          return form(decommissionForm(String(data.value ?? '')), {
            action: DIALOGS.decommission,
            app: String(data.value ?? ''),
          });
        case DIALOGS.details: {
          const described = await core.describeApp('', String(data.value ?? ''));
          if (!described) return message('This revision is no longer registered; the app may have been removed.');
          return show(appDetails(described, actor.timeZone, actor));
        }
        default:
          return message('That button is out of date. Type "help" to see what I can do.');
      }
    } catch (error) {
      return message((await answerFailure(deps, 'opening a dialog', error, actor)).text);
    }
  };

  /**
   * Takes a dialog's answers. `learnPicked` is given the Teams people the form's pickers name
   * (`teams:<Entra object id>`), to find out who they are before the answers are stored.
   */
  const submit = async (
    data: Record<string, unknown>,
    actor: Actor,
    learnPicked?: (objectIds: string[]) => Promise<void>,
  ): Promise<TaskResponse> => {
    const action = String(data.action ?? '');
    if (action === DIALOGS.decommission) return decommission(data, actor);
    if (action !== ACTIONS.submitRegistration)
      return message('That form is out of date. Type "register" to start again.');
    const carried = typeof data.draft === 'string' ? data.draft : undefined;
    const base = await core.startRegistration(actor);
    const draft = decodeDraft(carried);
    const shown = registrationForm({ ...base, draft, values: {}, errors: {} });
    const values = readTeamsFormValues(data, shown);
    const picked = shown.blocks.flatMap((b) => {
      const value = b.type === 'input' && b.kind === 'user' ? values[b.id] : undefined;
      return typeof value === 'string' && value.startsWith('teams:') ? [value] : [];
    });
    if (picked.length && learnPicked) {
      const known = await core.people.known(picked).catch(() => new Map<string, Person>());
      const unnamed = picked.filter((ref) => !known.get(ref)?.displayName).map((ref) => ref.slice('teams:'.length));
      if (unnamed.length)
        await learnPicked(unnamed).catch((error) =>
          deps.logger.warn('could not look up a picked Teams user', { error }),
        );
    }
    try {
      const step = await core.advanceRegistration(values, carried, actor);
      if (step.kind === 'done') {
        const { app } = step.result;
        return message(
          `"${app.name}": ${STATUS_WORDS[app.status].toLowerCase()}. The assessment, with what happens next, is in your chat with microapp.`,
        );
      }
      return formStep(step.state);
    } catch (error) {
      const text = (await answerFailure(deps, 'a registration step', error, actor)).text;
      const first = shown.blocks.find((b) => b.type === 'input')?.id ?? 'name';
      return formStep({ ...base, draft, values, errors: { [first]: text } });
    }
  };

  const decommission = async (data: Record<string, unknown>, actor: Actor): Promise<TaskResponse> => {
    const app = String(data.app ?? '');
    const view = decommissionForm(app);
    const values = readTeamsFormValues(data, view);
    try {
      await core.decommissionApp(
        app,
        {
          planCarriedOut: values.planCarriedOut === true,
          dataPurged: values.dataPurged === true,
          note: typeof values.note === 'string' ? values.note : undefined,
        },
        actor,
      );
      return message(`"${app}" is decommissioned. Its owner and backup owner have been told.`);
    } catch (error) {
      const explained = await answerFailure(deps, 'decommissioning', error, actor);
      const errors = Object.fromEntries(
        (explained.fieldErrors ?? [{ field: 'note', message: explained.text }]).map((e) => [e.field, e.message]),
      );
      const withErrors: View = {
        ...view,
        blocks: view.blocks.map((b) => (b.type === 'input' ? { ...b, initial: values[b.id], error: errors[b.id] } : b)),
      };
      return form(withErrors, { action: DIALOGS.decommission, app });
    }
  };

  return { fetch, submit };
}

function form(view: View, submitData: Record<string, unknown>): TaskResponse {
  return open(view.title, toFormCard(view, submitData));
}

function show(view: View): TaskResponse {
  return open(view.title, messageCard(view));
}

function open(title: string, card: AdaptiveCard): TaskResponse {
  return { task: { type: 'continue', value: { title, width: 'large', height: 'large', card: cardAttachment(card) } } };
}

function message(text: string): TaskResponse {
  return { task: { type: 'message', value: text } };
}
