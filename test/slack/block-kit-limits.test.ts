import { LIMITS, toHome, toMessage, toModal } from '../../adapters/slack/block-kit';
import { catalogChoices } from '../../src/app/registration/start-registration';
import { STEP_ONE, STEP_TWO_FIELDS } from '../../src/domain/registration-answers';
import type { FormValues } from '../../src/domain/registration-answers';
import type { RegistrationFormState } from '../../src/domain/registration-draft';
import { appDetails } from '../../src/views/app-details';
import type { AppRecord, ReviewRecord } from '../../src/domain/app-record';
import { parseManifest } from '../../src/domain/manifest';
import type { Manifest } from '../../src/domain/manifest';
import { APP_STATUSES } from '../../src/domain/app-record';
import { assess } from '../../src/policy/assess';
import type { Policy } from '../../src/policy/policy';
import { approvalCard } from '../../src/views/approval-card';
import { denialForm } from '../../src/views/denial-form';
import { homeView } from '../../src/views/home-view';
import { ownerStatus } from '../../src/views/owner-status';
import { registrationForm } from '../../src/views/registration-form';
import { riskSummary } from '../../src/views/risk-summary';
import type { View } from '../../src/ports/view-model';
import { tier1, tier2, tier3 } from '../support/manifests';
import { loadTestPolicy } from '../support/test-policy';
import { blockKitProblems as problems } from '../support/slack-harness';
import { CONTROLS } from '../../src/domain/manifest-vocabulary';

type Json = Record<string, any>;

const long = (n: number) => 'x'.repeat(n);
let policy: Policy;
const manifests: Manifest[] = [];
beforeAll(async () => {
  policy = await loadTestPolicy();
  for (const input of [
    tier1(),
    tier2(),
    tier3(),
    tier1({ impersonatesEmployees: true, financialTransactions: true }),
    tier3({ name: long(60), purpose: long(1000), businessUnit: long(100) }),
  ]) {
    const parsed = parseManifest(input);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    manifests.push(parsed.manifest);
  }
});

function app(m: Manifest, status: AppRecord['status']): AppRecord {
  return {
    id: 'a'.repeat(36),
    name: m.name,
    status,
    owner: m.owner,
    businessUnit: m.businessUnit,
    tier: 3,
    score: 10,
    currentRevisionId: 'r',
    expiresAt: '2027-11-21T10:00:00.000Z',
    createdAt: '2026-11-21T10:00:00.000Z',
    updatedAt: '2026-11-21T10:00:00.000Z',
  };
}

function review(status: ReviewRecord['status']): ReviewRecord {
  return {
    id: 'r'.repeat(36),
    appId: 'a',
    revisionId: 'v',
    status,
    requiredApprovals: [
      { role: 'security', count: 1 },
      { role: 'platform', count: 1 },
    ],
    version: 2,
    decidedBy: `slack:${long(30)}`,
    decidedAt: '2026-11-22T10:00:00.000Z',
    reason: long(1000),
    createdAt: '2026-11-21T10:00:00.000Z',
    approvals: [{ approver: 'slack:USEC', role: 'security', at: '2026-11-21T11:00:00.000Z' }],
  };
}

/** The form at every step: empty, filled with the longest values and a long problem on every input, and step 2 asking everything. */
function formStates(): [string, RegistrationFormState][] {
  const systems = catalogChoices(policy);
  const everySystem = systems.map((s) => `system.${s.id}`);
  const asked = [...everySystem, 'otherSystems', 'otherAccess', ...STEP_TWO_FIELDS];
  const errors = (ids: readonly string[]) => Object.fromEntries(ids.map((id) => [id, long(3000)]));
  const full: FormValues = {
    name: long(60),
    purpose: long(1000),
    audience: 'team',
    expectedUsers: '12',
    data: ['customer', 'financial', 'health'],
    systems: [...systems.map((s) => s.id), 'other'],
    activities: ['usesAI'],
    builtWith: long(200),
    otherSystems: long(2000),
    otherAccess: 'write_key',
    dataClassification: 'regulated',
    owner: 'slack:UOWNER',
    backupOwner: 'slack:UBACKUP',
    businessUnit: long(100),
    aiOutputsExternal: true,
    humanReviewOfOutputs: true,
    retentionDays: '90',
    decommissionPlan: long(1000),
    healthEndpoint: `https://${long(1990)}`,
    controls: [...CONTROLS],
    thirdPartyLibraries: long(5000),
    productionEndpoints: long(3000),
    requestedScopes: long(3000),
  };
  for (const id of everySystem) full[id] = 'read_key';
  const outlook = {
    ...assess(policy, manifests[4]!),
    reasons: Array.from({ length: 20 }, (_, i) => ({ rule: `r${i}`, points: 1, message: long(500), fix: long(500) })),
  };
  const step1 = { step: 1 as const, answers: {}, asked: [] };
  return [
    ['empty first step', { draft: step1, values: {}, errors: {}, systems }],
    [
      'first step of a change, filled, with a problem on every input',
      {
        draft: { ...step1, appId: 'a'.repeat(36) },
        values: full,
        errors: errors(STEP_ONE),
        systems,
        appName: long(60),
      },
    ],
    [
      'second step asking everything, with a problem on every input',
      {
        draft: { step: 2, answers: full, asked },
        values: full,
        errors: errors(asked),
        outlook,
        systems,
        suggestedClassification: 'confidential',
      },
    ],
    ['second step with nothing filled in', { draft: { step: 2, answers: {}, asked }, values: {}, errors: {}, systems }],
  ];
}

function allViews(): [string, View][] {
  const views: [string, View][] = [];
  for (const [name, state] of formStates()) views.push([name, registrationForm(state)]);
  views.push(['denial form', denialForm(long(60))]);
  for (const m of manifests) {
    const a = assess(policy, m);
    views.push([`risk summary tier ${a.tier}`, riskSummary(m.name, a)]);
    for (const status of ['open', 'approved', 'denied'] as const)
      views.push([
        `approval card ${status} tier ${a.tier}`,
        approvalCard({
          app: app(m, 'pending_review'),
          manifest: m,
          assessment: a,
          review: review(status),
          names: { [m.owner]: long(200) },
        }),
      ]);
    for (const status of APP_STATUSES)
      views.push([`owner status ${status} tier ${a.tier}`, ownerStatus(app(m, status), a, review('denied'))]);
    const revision = {
      id: 'v',
      appId: 'a',
      number: 12,
      manifest: m,
      assessment: a,
      submittedBy: m.owner,
      createdAt: '2026-11-21T10:00:00.000Z',
    };
    views.push([
      `app details tier ${a.tier}`,
      appDetails({
        app: app(m, 'approved'),
        revision,
        review: review('open'),
        names: { [m.owner]: long(200) },
        systemName: (id) => long(100) + id,
      }),
    ]);
  }
  const many = Array.from({ length: 60 }, (_, i) => app(manifests[4]!, APP_STATUSES[i % APP_STATUSES.length]!));
  views.push([
    'home with many apps and reviews',
    homeView(
      many,
      many.map((a) => ({ app: a, review: review('open') })),
    ),
  ]);
  views.push(['empty home', homeView([], [])]);
  return views;
}

test('every view renders as a message within Block Kit limits', () => {
  for (const [name, view] of allViews())
    expect([name, problems(toMessage(view), LIMITS.messageBlocks)]).toEqual([name, []]);
});

test('every view renders as a modal and as App Home within Block Kit limits', () => {
  for (const [name, view] of allViews()) {
    expect([name, problems(toModal(view, 'cb', long(5000)), LIMITS.modalBlocks)]).toEqual([name, []]);
    expect([name, problems(toHome(view), LIMITS.modalBlocks)]).toEqual([name, []]);
  }
});

test('the first step asks at most eight questions; long lists become menus and short ones show what each choice means', () => {
  const [empty, filled, second] = formStates().map(([, state]) => state);
  const modal = (state: RegistrationFormState) => toModal(registrationForm(state), 'cb') as Json;
  const inputs = (state: RegistrationFormState) => (modal(state).blocks as Json[]).filter((b) => b.type === 'input');
  expect(inputs(empty!)).toHaveLength(8);
  const byId = Object.fromEntries(inputs(filled!).map((b) => [b.block_id, b.element]));
  expect(byId.audience).toMatchObject({ type: 'radio_buttons', initial_option: { value: 'team' } });
  expect(byId.audience.options[0].description.text).toBe('Only you use it');
  expect(byId.data).toMatchObject({
    type: 'checkboxes',
    initial_options: [{ value: 'customer' }, { value: 'financial' }, { value: 'health' }],
  });
  expect(byId.systems.type).toBe('multi_static_select');
  expect(byId.systems.initial_options).toHaveLength(byId.systems.options.length);
  expect(byId.systems.options.every((o: Json) => o.description === undefined)).toBe(true);
  expect(byId.name.placeholder.text).toBe('Expense tracker');
  const hints = inputs(filled!).map((b) => b.hint.text as string);
  expect(hints.every((h) => h.startsWith('⚠ ') && h.length === LIMITS.hint)).toBe(true);
  const step2 = Object.fromEntries(inputs(second!).map((b) => [b.block_id, b]));
  expect(step2['system.salesforce'].element).toMatchObject({
    type: 'radio_buttons',
    initial_option: { value: 'read_key' },
  });
  expect(step2.aiOutputsExternal.element).toMatchObject({ type: 'checkboxes', initial_options: [{ value: 'true' }] });
  expect(step2.backupOwner.element).toMatchObject({ type: 'users_select', initial_user: 'UBACKUP' });
  expect(step2.retentionDays.element).toMatchObject({ type: 'number_input', initial_value: '90' });
  expect(step2.thirdPartyLibraries.element.initial_value).toHaveLength(LIMITS.textInput);
});

test('long text is cut with an ellipsis rather than rejected', () => {
  const card = toMessage(
    riskSummary(long(60), {
      ...assess(policy, manifests[2]!),
      reasons: [{ rule: 'r', points: 1, message: long(4000), fix: 'f' }],
    }),
  );
  const section = card.blocks.find(
    (b: Json) => b.type === 'section' && b.text?.text.startsWith('How the score adds up'),
  ) as Json;
  expect(section.text.text).toHaveLength(LIMITS.sectionText);
  expect(section.text.text.endsWith('…')).toBe(true);
});
