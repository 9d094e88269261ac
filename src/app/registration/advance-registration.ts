import type { Actor } from '../../domain/actor';
import { actorRef, sameRef } from '../../domain/actor';
import type { Assessment } from '../../domain/assessment';
import { AppError, isAppError } from '../../domain/errors';
import type { Manifest } from '../../domain/manifest';
import { parseManifest } from '../../domain/manifest';
import type { FormValues } from '../../domain/registration-answers';
import {
  answersToInput,
  toList,
  inputFor,
  manifestToAnswers,
  OTHER_SYSTEM,
  rank,
  STEP_ONE,
  STEP_TWO_FIELDS,
  SYSTEM_ACCESS_PREFIX,
} from '../../domain/registration-answers';
import type { RegistrationDraft, RegistrationFormState } from '../../domain/registration-draft';
import { decodeDraft } from '../../domain/registration-draft';
import { assess } from '../../policy/assess';
import { withCatalogIds } from '../../policy/catalog-match';
import type { Policy } from '../../policy/policy';
import type { AssessedManifest } from './assessed-manifest';
import { assessedManifest } from './assessed-manifest';
import { catalogChoices } from './start-registration';
import type { SubmittedRegistration } from './store-registration';
import type { SubmitRegistrationDeps } from './submit-registration';
import { RESUBMITTABLE } from './submit-registration';
import { assertChangeable } from './revise-app';

/** What a submitted step leads to: another form to show, problems to show inline, or a stored registration. */
export type RegistrationStep =
  | { kind: 'form'; state: RegistrationFormState }
  | { kind: 'errors'; errors: Record<string, string>; state: RegistrationFormState }
  | { kind: 'done'; result: SubmittedRegistration };

/**
 * What moving through the form needs: the registration deps plus the two ways to store what the
 * form has already checked and assessed (`submitAssessedRegistration`, `updateAssessedApp`).
 */
export interface AdvanceRegistrationDeps extends SubmitRegistrationDeps {
  submit: (assessed: AssessedManifest, actor: Actor) => Promise<SubmittedRegistration>;
  update: (appId: string, assessed: AssessedManifest, actor: Actor) => Promise<SubmittedRegistration>;
}

type Errors = Record<string, string>;

const STEP_ONE_IDS = new Set<string>(STEP_ONE);
const SHORTFALL_FIELDS = ['backupOwner', 'retentionDays', 'decommissionPlan', 'healthEndpoint'] as const;
const TECHNICAL = ['thirdPartyLibraries', 'productionEndpoints', 'requestedScopes'];

/**
 * Takes one submitted step of the registration form. The first step's answers are checked and
 * assessed; when the tier, classification, systems or AI use need more, the second step asks only
 * that, and says where the app is heading. A later answer that raises what is needed (say, a system
 * that needs a key) adds the questions it brings. Problems come back on the inputs they concern,
 * with everything typed kept; the registration (or change) is stored once nothing is missing. Each
 * step scans and validates the answers once; the last stores the manifest and assessment it checked.
 */
export function createAdvanceRegistration(deps: AdvanceRegistrationDeps) {
  return async function advanceRegistration(
    values: FormValues,
    carried: string | undefined,
    actor: Actor,
  ): Promise<RegistrationStep> {
    const draft = decodeDraft(carried);
    const policy = deps.policy();
    const stored = draft.appId ? await storedAnswers(deps, policy, draft.appId, actor) : undefined;
    const owner = stored?.owner ?? actorRef(actor);
    const answers = { ...(draft.step === 1 ? values : draft.answers) };
    const all: FormValues = { ...(stored?.values ?? {}), ...answers, ...(draft.step === 2 ? values : {}) };
    if (draft.externalRefs?.length && !draft.appId) all.externalRefs = draft.externalRefs.join('\n');
    const { input, suggestedClassification } = answersToInput(all, owner);
    const flow: Flow = {
      deps,
      policy,
      draft,
      answers,
      all,
      suggestedClassification,
      update: stored !== undefined,
      owner,
      appName: stored?.name,
    };

    const checked = await schemaErrors(deps, policy, input);
    for (const id of checked.secrets) {
      delete all[id];
      delete flow.answers[id];
    }
    const errors = { ...answerErrors(all, draft, policy), ...checked.errors };
    if (!errors.name && typeof input.name === 'string')
      Object.assign(errors, await nameErrors(deps, input.name, owner, draft.appId));
    if (Object.keys(errors).length > 0 || !checked.assessed) return place(flow, errors);

    const { manifest, assessment } = checked.assessed;
    const asks = followUps(all, manifest, assessment, flow.update);
    if (draft.step === 1 && needsSecondStep(manifest, assessment, flow.update))
      return secondStep(flow, asks, {}, assessment);
    const added = asks.filter((a) => draft.step === 2 && !draft.asked.includes(a));
    if (added.length > 0)
      return secondStep(flow, [...draft.asked, ...added], newlyNeeded(added, assessment, policy), assessment);
    if (draft.step === 2 && assessment.shortfalls.length > 0)
      return secondStep(flow, draft.asked, shortfallErrors(assessment), assessment);

    try {
      const result = draft.appId
        ? await deps.update(draft.appId, checked.assessed, actor)
        : await deps.submit(checked.assessed, actor);
      return { kind: 'done', result };
    } catch (error) {
      if (!isAppError(error, 'input.invalid') && !isAppError(error, 'registration.name_taken')) throw error;
      const fieldErrors = error.details.fieldErrors ?? [{ field: 'name', path: 'name', message: error.message }];
      return place(flow, byInput(fieldErrors));
    }
  };
}

interface Flow {
  deps: AdvanceRegistrationDeps;
  policy: Policy;
  draft: RegistrationDraft;
  answers: FormValues;
  all: FormValues;
  suggestedClassification: string;
  update: boolean;
  owner: string;
  appName?: string;
}

async function storedAnswers(
  deps: SubmitRegistrationDeps,
  policy: Policy,
  appId: string,
  actor: Actor,
): Promise<{ owner: string; name: string; values: FormValues }> {
  const found = await deps.registry.read(async (tx) => {
    const app = await tx.apps.find(appId);
    const revision = app && (await tx.revisions.find(app.currentRevisionId));
    if (!app || !revision) throw new AppError('app.not_found', 'The app being changed is no longer registered.');
    await assertChangeable(tx, app, actor);
    return { app, manifest: revision.manifest };
  });
  return {
    owner: found.app.owner,
    name: found.app.name,
    values: manifestToAnswers(found.manifest, new Set(Object.keys(policy.catalog))),
  };
}

/** The second step needs asking when there is anything beyond the first step's answers to settle. */
function needsSecondStep(m: Manifest, a: Assessment, update: boolean): boolean {
  if (update) return true;
  if (a.decision === 'prohibited') return false;
  return m.integrations.length > 0 || m.usesAI || a.shortfalls.length > 0 || a.decision === 'review';
}

/** The second step's questions: per system, the classification, AI follow-ups, what the tier demands, and optional details. */
function followUps(all: FormValues, m: Manifest, a: Assessment, update: boolean): string[] {
  const systems = toList(all.systems);
  const asks = systems.filter((s) => s !== OTHER_SYSTEM).map((s) => `${SYSTEM_ACCESS_PREFIX}${s}`);
  if (systems.includes(OTHER_SYSTEM)) asks.push('otherSystems', 'otherAccess');
  asks.push('dataClassification');
  if (m.usesAI) asks.push('aiOutputsExternal', 'humanReviewOfOutputs');
  for (const f of SHORTFALL_FIELDS) if (a.shortfalls.some((s) => s.field === f) || filled(all[f])) asks.push(f);
  if (a.requiredControls.length > 0 || toList(all.controls).length > 0) asks.push('controls');
  if (!update) asks.push('owner');
  asks.push('businessUnit', ...TECHNICAL);
  return asks;
}

function secondStep(flow: Flow, asked: string[], errors: Errors, outlook: Assessment | undefined): RegistrationStep {
  return { kind: 'form', state: secondStepState(flow, asked, errors, outlook) };
}

function secondStepState(
  flow: Flow,
  asked: string[],
  errors: Errors,
  outlook: Assessment | undefined,
): RegistrationFormState {
  const defaults: FormValues = { owner: flow.owner };
  const stored = typeof flow.all.dataClassification === 'string' ? flow.all.dataClassification : undefined;
  const suggested = flow.suggestedClassification as Manifest['dataClassification'];
  defaults.dataClassification =
    stored && rank(stored as Manifest['dataClassification']) >= rank(suggested) ? stored : suggested;
  const values = {
    ...flow.all,
    dataClassification:
      flow.draft.step === 2
        ? (flow.all.dataClassification ?? defaults.dataClassification)
        : defaults.dataClassification,
  };
  return {
    draft: { step: 2, answers: flow.answers, asked, appId: flow.draft.appId, externalRefs: flow.draft.externalRefs },
    values: { ...defaults, ...values },
    errors,
    outlook,
    demanded: outlook ? demandedFields(flow.policy, outlook, values.dataClassification) : undefined,
    systems: catalogChoices(flow.policy),
    suggestedClassification: suggested,
  };
}

/** The fields the tier and the classification shown demand, whether or not they are filled in yet. */
function demandedFields(policy: Policy, outlook: Assessment, classification: FormValues[string]): string[] {
  if (outlook.decision === 'prohibited') return [];
  const demands = [
    policy.tiers[outlook.tier - 1]?.demands,
    typeof classification === 'string' ? policy.classifications[classification] : undefined,
  ];
  return [
    ...new Set([
      ...demands.flatMap((d) => d?.fields ?? []),
      ...outlook.shortfalls.map((s) => s.field),
      ...(outlook.requiredControls.length > 0 ? ['controls'] : []),
    ]),
  ];
}

/** Problems go where the person can see them: inline when on this step's inputs, else that step again. */
function place(flow: Flow, errors: Errors): RegistrationStep {
  const ids = Object.keys(errors);
  const shown = flow.draft.step === 1 ? STEP_ONE_IDS : new Set(flow.draft.asked);
  if (ids.every((id) => shown.has(id))) return stay(flow, errors);
  if (ids.some((id) => STEP_ONE_IDS.has(id)) || flow.draft.step === 1) {
    const onStepOne: Errors = {};
    for (const [id, message] of Object.entries(errors)) {
      const target = STEP_ONE_IDS.has(id) ? id : id === 'dataClassification' ? 'data' : 'name';
      if (target === 'data' && id === 'dataClassification' && errors.data) continue;
      onStepOne[target] = [onStepOne[target], message].filter(Boolean).join(' ');
    }
    if (flow.draft.step === 1) return stay(flow, onStepOne);
    return {
      kind: 'form',
      state: {
        draft: { step: 1, answers: {}, asked: [], appId: flow.draft.appId, externalRefs: flow.draft.externalRefs },
        values: flow.all,
        errors: onStepOne,
        systems: catalogChoices(flow.policy),
        appName: flow.appName,
      },
    };
  }
  const asked = [...flow.draft.asked, ...ids.filter((id) => !flow.draft.asked.includes(id))];
  return secondStep(flow, asked, errors, assessLoosely(flow));
}

/** Problems on the inputs on screen, with this step as it was submitted (for platforms that re-render the form). */
function stay(flow: Flow, errors: Errors): RegistrationStep {
  const state =
    flow.draft.step === 1
      ? { draft: flow.draft, values: flow.all, errors, systems: catalogChoices(flow.policy), appName: flow.appName }
      : secondStepState(flow, flow.draft.asked, errors, assessLoosely(flow));
  return { kind: 'errors', errors, state };
}

/** Where the answers would head, for the heading of a re-shown second step; undefined if they do not parse yet. */
function assessLoosely(flow: Flow): Assessment | undefined {
  try {
    const { input } = answersToInput(flow.all, flow.owner);
    const parsed = parseManifest(input);
    return parsed.ok ? assess(flow.policy, withCatalogIds(flow.policy, parsed.manifest)) : undefined;
  } catch {
    return undefined;
  }
}

function answerErrors(all: FormValues, draft: RegistrationDraft, policy: Policy): Errors {
  const step = draft.step;
  const errors: Errors = {};
  if (toList(all.data).length === 0)
    errors.data = 'Tick at least one; pick "Public information" if it touches nothing else.';
  if (filled(all.audience) && all.audience !== 'personal' && !filled(all.expectedUsers))
    errors.expectedUsers = 'Say about how many people use it; a rough number is fine.';
  if (step === 2 && toList(all.systems).includes(OTHER_SYSTEM) && !filled(all.otherSystems))
    errors.otherSystems = 'Name the other systems, one per line, or untick "Something else" on the first step.';
  if (step === 2)
    for (const id of draft.asked.filter((a) => a.startsWith(SYSTEM_ACCESS_PREFIX) || a === 'otherAccess'))
      if (!filled(all[id])) errors[id] = accessMissing(id, policy);
  return errors;
}

/**
 * The answers checked (schema and secret scan) and assessed, or their problems by input; `secrets`
 * are the inputs holding what looks like a secret, never shown back.
 */
async function schemaErrors(
  deps: SubmitRegistrationDeps,
  policy: Policy,
  input: Record<string, unknown>,
): Promise<{ errors: Errors; secrets: string[]; assessed?: AssessedManifest }> {
  try {
    return { errors: {}, secrets: [], assessed: await assessedManifest(input, deps.scanner, policy) };
  } catch (error) {
    if (!isAppError(error, 'input.invalid')) throw error;
    const fieldErrors = error.details.fieldErrors ?? [];
    const errors = byInput(fieldErrors);
    if (Object.keys(errors).length === 0) throw error;
    return { errors, secrets: Object.keys(byInput(fieldErrors.filter((e) => e.secret))) };
  }
}

async function nameErrors(
  deps: SubmitRegistrationDeps,
  name: string,
  owner: string,
  appId: string | undefined,
): Promise<Errors> {
  const existing = await deps.registry.read((tx) => tx.apps.findByName(name.trim()));
  if (!existing || existing.id === appId) return {};
  if (appId) return { name: `The name stays as it was in a change; "${name}" belongs to another app.` };
  if (!sameRef(existing.owner, owner))
    return { name: `An app named "${existing.name}" is already registered. Pick another name.` };
  if (existing.status === 'approved')
    return {
      name: `You already registered "${existing.name}". To change it, use update instead: /microapp update ${existing.name}`,
    };
  if (RESUBMITTABLE.has(existing.status)) return {};
  return {
    name: `"${existing.name}" is already registered and waiting for review. You can change it once reviewers decide.`,
  };
}

/** What to say when how a system is used is not picked: there is no safe default to assume. */
function accessMissing(id: string, policy: Policy): string {
  const name = id.startsWith(SYSTEM_ACCESS_PREFIX)
    ? (policy.catalog[id.slice(SYSTEM_ACCESS_PREFIX.length)]?.name ?? 'this system')
    : 'the other systems';
  return `Pick how it uses ${name}: whether it only reads or also changes data, and whether it needs its own password or key.`;
}

function newlyNeeded(added: string[], a: Assessment, policy: Policy): Errors {
  const errors: Errors = {};
  for (const id of added) {
    const shortfall = a.shortfalls.find((s) => s.field === id);
    if (shortfall) errors[id] = `Now needed: ${shortfall.message}`;
    else if (id.startsWith(SYSTEM_ACCESS_PREFIX)) errors[id] = accessMissing(id, policy);
  }
  return errors;
}

/** What is still missing, on the inputs that supply it, for a second step shown again with the latest outlook. */
function shortfallErrors(a: Assessment): Errors {
  const errors: Errors = {};
  for (const s of a.shortfalls) errors[s.field] = [errors[s.field], s.message].filter(Boolean).join(' ');
  return errors;
}

function byInput(fieldErrors: { field: string; path: string; message: string }[]): Errors {
  const errors: Errors = {};
  for (const e of fieldErrors) {
    const id = inputFor(e.field, e.path);
    const known =
      STEP_ONE_IDS.has(id) ||
      (STEP_TWO_FIELDS as readonly string[]).includes(id) ||
      id === 'otherSystems' ||
      id.startsWith(SYSTEM_ACCESS_PREFIX);
    const target = known ? id : 'name';
    errors[target] = [errors[target], e.message].filter(Boolean).join(' ');
  }
  return errors;
}

function filled(raw: FormValues[string]): boolean {
  return (
    raw !== undefined &&
    raw !== false &&
    (typeof raw !== 'string' || raw.trim() !== '') &&
    (!Array.isArray(raw) || raw.length > 0)
  );
}
