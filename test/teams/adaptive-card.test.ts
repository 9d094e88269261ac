import type { AdaptiveCard } from '../../adapters/teams/adaptive-card';
import { LIMITS } from '../../adapters/teams/card-limits';
import { plainText } from '../../adapters/teams/card-text';
import {
  REASON_INPUT,
  cardAttachment,
  denyReason,
  toAdaptiveCard,
  toFormCard,
  verbFor,
} from '../../adapters/teams/adaptive-card';
import { catalogChoices } from '../../src/app/registration/start-registration';
import type { AppRecord, ReviewRecord } from '../../src/domain/app-record';
import { APP_STATUSES } from '../../src/domain/app-record';
import { parseManifest } from '../../src/domain/manifest';
import type { Manifest } from '../../src/domain/manifest';
import type { Notice } from '../../src/domain/outbound';
import { STEP_ONE, STEP_TWO_FIELDS } from '../../src/domain/registration-answers';
import type { FormValues } from '../../src/domain/registration-answers';
import type { RegistrationFormState } from '../../src/domain/registration-draft';
import { assess } from '../../src/policy/assess';
import type { Policy } from '../../src/policy/policy';
import { ACTIONS } from '../../src/views/action-ids';
import { appDetails } from '../../src/views/app-details';
import { approvalCard } from '../../src/views/approval-card';
import { EACH_READERS_ZONE } from '../../src/views/reader-dates';
import { day } from '../../src/views/wording';
import { decommissionForm } from '../../src/views/decommission-form';
import { denialForm } from '../../src/views/denial-form';
import { homeView } from '../../src/views/home-view';
import { noticeView } from '../../src/views/notice-view';
import { ownerStatus } from '../../src/views/owner-status';
import { registrationForm } from '../../src/views/registration-form';
import { riskSummary } from '../../src/views/risk-summary';
import type { View } from '../../src/ports/view-model';
import { tier1, tier2, tier3 } from '../support/manifests';
import { digestSample } from '../support/digest-sample';
import { loadTestPolicy } from '../support/test-policy';
import { CONTROLS } from '../../src/domain/manifest-vocabulary';

/** The part of the `adaptivecards` library these tests use (it loads in Node only from its dist bundle). */
interface AdaptiveCardsLib {
  AdaptiveCard: new () => {
    hostConfig: unknown;
    parse(json: unknown, context: unknown): void;
    validateProperties(): { validationEvents: CardEvent[] };
  };
  HostConfig: new (json: unknown) => unknown;
  SerializationContext: new (version?: unknown) => { eventCount: number; getEventAt(i: number): CardEvent };
  Versions: { v1_5: unknown };
  ValidationEvent: Record<string, number>;
}
interface CardEvent {
  event: number;
  message: string;
  source?: { id?: string; getJsonTypeName?(): string };
}
const AC = require('adaptivecards/dist/adaptivecards.js') as AdaptiveCardsLib;

type Json = Record<string, any>;
const WJ = /\u2060/g;
const long = (n: number, c = 'x') => c.repeat(n);
const ATTACK =
  '[click](https://evil.example) **bold** <at>Everyone</at> @channel https://evil.example/x <script>alert(1)</script> mail me: eve@evil.example';
const AAD_ID = '87d349ed-44d7-43e1-9a83-5f2406dee5bd';

/**
 * Everything the library reports about a card read as version 1.5 (so any newer feature is
 * reported), then validated with Teams' six actions. The people picker is the one exception: the
 * library knows `choices.data` only from 1.6, drops it from a 1.5 card and then finds the picker's
 * choice list empty, while Teams supports the picker in 1.5 cards (DESIGN.md section 6; Teams'
 * "People Picker in Adaptive Cards" example even declares 1.2). Those two events, on inputs that
 * are people pickers, are the only ones ignored.
 */
function problems(card: AdaptiveCard): string[] {
  const pickers = new Set(
    findAll(card, (o) => o.type === 'Input.ChoiceSet' && 'choices.data' in o).map((o) => o.id as string),
  );
  const parsed = new AC.AdaptiveCard();
  parsed.hostConfig = new AC.HostConfig({ actions: { maxActions: LIMITS.actions } });
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(card, context);
  const events = [
    ...Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i)),
    ...parsed.validateProperties().validationEvents,
  ];
  const isPicker = (e: CardEvent) =>
    e.source?.getJsonTypeName?.() === 'Input.ChoiceSet' &&
    pickers.has(e.source.id ?? '') &&
    ((e.event === AC.ValidationEvent.UnsupportedProperty && e.message.includes('"choices.data"')) ||
      e.event === AC.ValidationEvent.CollectionCantBeEmpty);
  const found = events
    .filter((e) => !isPicker(e))
    .map((e) => `${e.source?.getJsonTypeName?.() ?? '?'} ${e.source?.id ?? ''}: ${e.message}`);
  const version = Number(card.version);
  return version <= 1.5 ? found : [...found, `version ${card.version}`];
}

function findAll(node: unknown, match: (o: Json) => boolean, found: Json[] = []): Json[] {
  if (Array.isArray(node)) for (const n of node) findAll(n, match, found);
  else if (node && typeof node === 'object') {
    if (match(node as Json)) found.push(node as Json);
    for (const v of Object.values(node)) findAll(v, match, found);
  }
  return found;
}

/** Every string a person reads on the card: text runs, labels, titles, placeholders and error messages (not input values, ids or data). */
function shown(card: AdaptiveCard): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, v] of Object.entries(node as Json)) {
        if (key === 'data') continue;
        if (typeof v === 'string' && ['text', 'title', 'label', 'placeholder', 'errorMessage'].includes(key))
          out.push(v);
        else walk(v);
      }
    }
  };
  walk(card);
  return out;
}

/** What a client could turn into a link or a mention in shown text. */
function linkable(text: string): string[] {
  return [
    ...text.matchAll(/:\/\/(?!\u2060)|(?<!\u2060)@|@(?!\u2060)|<\/?at>|(?<=[\p{L}\p{N}_-])\.(?=[\p{L}\p{N}])/giu),
  ].map((m) => m[0]);
}

const inputs = (card: AdaptiveCard) => card.body.filter((e) => String(e.type).startsWith('Input.')) as Json[];
const byId = (card: AdaptiveCard) => Object.fromEntries(inputs(card).map((e) => [e.id as string, e]));
const bytes = (card: AdaptiveCard) => JSON.stringify(card).length * 2;
const budget = LIMITS.messageBytes - LIMITS.envelopeBytes;
const dialogBudget = LIMITS.dialogBytes - LIMITS.envelopeBytes;

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

const at = '2026-11-21T10:00:00.000Z';
function app(m: Manifest, status: AppRecord['status'], name = m.name): AppRecord {
  return {
    id: 'a'.repeat(36),
    name,
    status,
    owner: m.owner,
    businessUnit: m.businessUnit,
    tier: 3,
    score: 10,
    currentRevisionId: 'r',
    expiresAt: '2027-11-21T10:00:00.000Z',
    createdAt: at,
    updatedAt: at,
  };
}
function review(status: ReviewRecord['status'], reason = long(1000), id = 'r'.repeat(36)): ReviewRecord {
  return {
    id,
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
    reason,
    createdAt: at,
    approvals: [{ approver: 'slack:USEC', role: 'security', at: '2026-11-21T11:00:00.000Z' }],
  };
}

/** The form empty, filled with the longest values and a long problem on every input, and the second step asking everything. */
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
    owner: `teams:${AAD_ID}`,
    backupOwner: 'slack:UBACKUP',
    businessUnit: long(100),
    aiOutputsExternal: true,
    humanReviewOfOutputs: true,
    retentionDays: '90',
    decommissionPlan: long(1000),
    healthEndpoint: `https://${long(1990)}`,
    controls: [...CONTROLS],
    thirdPartyLibraries: long(3000),
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

function messageViews(name = (m: Manifest) => m.name, text = (n: number) => long(n)): [string, View][] {
  const views: [string, View][] = [];
  for (const m of manifests) {
    const a = assess(policy, m);
    views.push([`risk summary tier ${a.tier}`, riskSummary(name(m), a, { manifest: m, preview: true })]);
    for (const status of ['open', 'approved', 'denied'] as const) {
      views.push([
        `approval card ${status} tier ${a.tier}`,
        approvalCard({
          app: app(m, 'pending_review', name(m)),
          manifest: m,
          assessment: a,
          review: review(status, text(1000)),
          names: { [m.owner]: text(200) },
        }),
      ]);
    }
    for (const status of APP_STATUSES)
      views.push([
        `owner status ${status} tier ${a.tier}`,
        ownerStatus(app(m, status, name(m)), a, review('denied', text(1000)), { [m.owner]: text(200) }),
      ]);
    const revision = {
      id: 'v',
      appId: 'a',
      number: 12,
      manifest: m,
      assessment: a,
      submittedBy: m.owner,
      createdAt: at,
    };
    views.push([
      `app details tier ${a.tier}`,
      appDetails({
        app: app(m, 'approved', name(m)),
        revision,
        review: review('open', text(1000)),
        names: { [m.owner]: text(200) },
        systemName: (id) => text(100) + id,
      }),
    ]);
  }
  const notices: Notice[] = [
    { type: 'registered_for_you', appId: 'a', by: 'slack:UR' },
    { type: 'app_transferred', appId: 'a', from: 'slack:UOWNER', to: 'slack:UR', by: 'slack:UR' },
    { type: 'app_decommissioned', appId: 'a', by: 'slack:UR' },
    { type: 'delivery_problem', what: 'post the approval card', where: text(200), code: text(50), fix: text(500) },
    { type: 'person_unreachable', ref: text(100), what: 'tell the owner', appId: 'a' },
  ];
  for (const n of notices)
    views.push([
      `notice ${n.type}`,
      noticeView(n, { app: app(manifests[2]!, 'approved', name(manifests[2]!)), names: { 'slack:UR': text(200) } }),
    ]);
  const many = Array.from({ length: 60 }, (_, i) =>
    app(manifests[4]!, APP_STATUSES[i % APP_STATUSES.length]!, name(manifests[4]!)),
  );
  views.push([
    'home with many apps and reviews',
    homeView(
      many,
      many.map((a, i) => ({ app: a, review: review('open', text(10), `review-${i}`) })),
    ),
  ]);
  views.push(['empty home', homeView([], [])]);
  views.push([
    'the longest reminder digest',
    digestSample(
      app(manifests[4]!, 'approved', name(manifests[4]!)),
      review('open', text(10)),
      policy,
      { [manifests[4]!.owner]: text(200) },
      5,
    ),
  ]);
  return views;
}

function formViews(): [string, View][] {
  return [
    ...formStates().map(([n, s]): [string, View] => [n, registrationForm(s)]),
    ['denial form', denialForm(long(60))],
    ['decommission form', decommissionForm(long(60))],
  ];
}

const submitData = { action: ACTIONS.submitRegistration, draft: 'x' };

describe('every card parses and validates as Adaptive Cards 1.5 and fits a Teams message', () => {
  test('message cards', () => {
    for (const [name, view] of [...messageViews(), ...formViews()]) {
      const card = toAdaptiveCard(view);
      expect({ name, problems: problems(card), fits: bytes(card) <= budget }).toEqual({
        name,
        problems: [],
        fits: true,
      });
    }
  });

  test('dialog form cards', () => {
    for (const [name, view] of [...formViews(), ...messageViews()]) {
      const card = toFormCard(view, submitData);
      expect({ name, problems: problems(card), fits: bytes(card) <= dialogBudget }).toEqual({
        name,
        problems: [],
        fits: true,
      });
      const asked = view.blocks.filter(
        (b) => b.type === 'input' && ((b.kind !== 'select' && b.kind !== 'multiselect') || b.options?.length),
      );
      expect(inputs(card).map((e) => e.id)).toEqual(asked.map((b) => (b.type === 'input' ? b.id : '')));
      expect(card.actions).toEqual([{ type: 'Action.Submit', title: view.submitLabel ?? 'Submit', data: submitData }]);
    }
  });

  test('the attachment carries the card as Teams expects', () => {
    const card = toAdaptiveCard(messageViews()[0]![1]);
    expect(cardAttachment(card)).toEqual({ contentType: 'application/vnd.microsoft.card.adaptive', content: card });
    expect(card).toMatchObject({
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
    });
  });
});

describe('user text stays text', () => {
  test('plainText breaks links and mentions invisibly, once', () => {
    expect(plainText('https://evil.example/x')).toBe('https://\u2060evil\u2060.example/x');
    expect(plainText('eve@evil.example')).toBe('eve\u2060@\u2060evil\u2060.example');
    expect(plainText('@channel <at>Everyone</at>')).toBe('\u2060@\u2060channel <\u2060at>Everyone<\u2060/at>');
    expect(plainText('Version 1.5, costs 3. Fine.')).toBe('Version 1\u2060.5, costs 3. Fine.');
    for (const text of [ATTACK, 'www.evil.example', 'a.b.c@d.e', '']) {
      expect(plainText(plainText(text))).toBe(plainText(text));
      expect(plainText(text).replace(WJ, '')).toBe(text);
    }
  });

  test('injected text in every field never reaches a TextBlock, a FactSet or a mention, and shows as typed', () => {
    const name = () => `App ${ATTACK}`.slice(0, 200);
    const values: FormValues = {
      name: ATTACK,
      purpose: ATTACK,
      businessUnit: ATTACK,
      decommissionPlan: ATTACK,
      otherSystems: ATTACK,
    };
    const errors = Object.fromEntries(
      ['name', 'purpose', 'controls', 'system.salesforce', 'audience'].map((id) => [id, ATTACK]),
    );
    const forms = ([1, 2] as const).map((step): [string, View] => [
      `form step ${step}`,
      registrationForm({
        draft: {
          step,
          answers: values,
          asked: ['system.salesforce', 'otherSystems', 'otherAccess', 'controls', 'businessUnit', 'decommissionPlan'],
        },
        values,
        errors,
        outlook: assess(policy, manifests[2]!),
        systems: catalogChoices(policy),
        appName: ATTACK,
      }),
    ]);
    const attacked: View = {
      title: ATTACK,
      submitLabel: ATTACK,
      blocks: [
        { type: 'header', text: ATTACK },
        { type: 'text', text: ATTACK, items: [ATTACK, ATTACK], tone: 'danger' },
        { type: 'fields', fields: [{ label: ATTACK, value: ATTACK }] },
        { type: 'context', text: ATTACK },
        {
          type: 'input',
          id: 'i',
          label: ATTACK,
          kind: 'select',
          optional: true,
          hint: ATTACK,
          placeholder: ATTACK,
          error: ATTACK,
          options: [{ value: 'v', label: ATTACK, description: ATTACK }],
        },
        { type: 'input', id: 'c', label: ATTACK, kind: 'checkbox', optional: true, hint: ATTACK },
        {
          type: 'actions',
          buttons: [
            { actionId: ACTIONS.approve, label: ATTACK, value: 'r1' },
            { actionId: ACTIONS.deny, label: ATTACK, value: 'r1' },
          ],
        },
      ],
    };
    const views: [string, View][] = [...messageViews(name, () => ATTACK), ...forms, ['every block', attacked]];
    for (const [viewName, view] of views) {
      for (const card of [toAdaptiveCard(view), toFormCard(view, submitData)]) {
        const json = JSON.stringify(card);
        expect({
          viewName,
          types: findAll(card, (o) => o.type === 'TextBlock' || o.type === 'FactSet').length,
          msteams: json.includes('"msteams"'),
        }).toEqual({ viewName, types: 0, msteams: false });
        expect({ viewName, linkable: shown(card).flatMap(linkable) }).toEqual({ viewName, linkable: [] });
        expect(problems(card)).toEqual([]);
      }
    }
    const runs = findAll(toAdaptiveCard(attacked), (o) => o.type === 'TextRun').map((r) =>
      (r.text as string).replace(WJ, ''),
    );
    expect(runs).toEqual(expect.arrayContaining([ATTACK, `• ${ATTACK}`, `${ATTACK}: `]));
  });
});

describe('layout', () => {
  const approval = () => {
    const m = manifests[2]!;
    return toAdaptiveCard(
      approvalCard({
        app: app(m, 'pending_review'),
        manifest: m,
        assessment: assess(policy, m),
        review: review('open', '', 'review-1'),
      }),
    );
  };

  test('text is rich text runs: bold headers, subtle context, coloured tones, one line per item, bold field labels', () => {
    const card = toAdaptiveCard({
      title: 'Title',
      blocks: [
        { type: 'header', text: 'Header' },
        { type: 'text', text: 'Careful', tone: 'warning', items: ['one', 'two'] },
        { type: 'divider' },
        { type: 'fields', fields: [{ label: 'Owner', value: 'Ana' }] },
        { type: 'context', text: 'Policy 3' },
      ],
    });
    expect(card.body).toEqual([
      { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'Title', weight: 'bolder', size: 'large' }] },
      {
        type: 'RichTextBlock',
        inlines: [{ type: 'TextRun', text: 'Header', weight: 'bolder', size: 'medium' }],
        spacing: 'medium',
      },
      { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'Careful', color: 'warning' }] },
      { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: '• one' }], spacing: 'none' },
      { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: '• two' }], spacing: 'none' },
      {
        type: 'RichTextBlock',
        inlines: [
          { type: 'TextRun', text: 'Owner: ', weight: 'bolder' },
          { type: 'TextRun', text: 'Ana' },
        ],
        separator: true,
        spacing: 'medium',
      },
      { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'Policy 3', isSubtle: true, size: 'small' }] },
    ]);
    expect(card.actions).toEqual([]);
  });

  test('the approval card: Approve and Full details execute verbs with a submit fallback; Deny asks for a reason', () => {
    const card = approval();
    expect(card.body.some((e) => e.type === 'ActionSet')).toBe(false);
    const [approve, deny, details] = card.actions as Json[];
    expect(approve).toEqual({
      type: 'Action.Execute',
      title: 'Approve',
      verb: 'approve',
      style: 'positive',
      data: { action: ACTIONS.approve, value: 'review-1' },
      fallback: {
        type: 'Action.Submit',
        title: 'Approve',
        style: 'positive',
        data: { action: ACTIONS.approve, value: 'review-1', verb: 'approve' },
      },
    });
    expect(deny).toMatchObject({ type: 'Action.ShowCard', title: 'Deny', style: 'destructive' });
    expect(deny!.card.body).toEqual([
      {
        type: 'Input.Text',
        id: REASON_INPUT,
        label: 'Why is it denied?',
        isMultiline: true,
        isRequired: true,
        errorMessage: expect.any(String),
        maxLength: 2000,
      },
    ]);
    expect(deny!.card.actions).toEqual([
      {
        type: 'Action.Execute',
        title: 'Deny',
        verb: 'deny',
        style: 'destructive',
        data: { action: ACTIONS.deny, value: 'review-1' },
        fallback: {
          type: 'Action.Submit',
          title: 'Deny',
          style: 'destructive',
          data: { action: ACTIONS.deny, value: 'review-1', verb: 'deny' },
        },
      },
    ]);
    expect(details).toMatchObject({ type: 'Action.Execute', verb: 'details', data: { action: ACTIONS.showDetails } });
    expect(denyReason({ action: ACTIONS.deny, value: 'review-1', [REASON_INPUT]: 'No DLP' })).toBe('No DLP');
    expect([ACTIONS.openRegistration, ACTIONS.submitUpdate].map(verbFor)).toEqual(['register', ACTIONS.submitUpdate]);
  });

  test('buttons that are not last stay in place; several Deny reasons on one card get their own ids', () => {
    const m = manifests[2]!;
    const reviews = [0, 1, 2].map((i) => ({
      app: app(m, 'pending_review'),
      review: review('open', '', `review-${i}`),
    }));
    const card = toAdaptiveCard(homeView([], reviews));
    expect(card.body[1]).toMatchObject({
      type: 'ActionSet',
      actions: [{ verb: 'register', title: 'Register a micro app' }],
    });
    const reasons = findAll(card, (o) => o.type === 'Input.Text').map((o) => o.id);
    expect(reasons).toEqual([REASON_INPUT, `${REASON_INPUT}.2`, `${REASON_INPUT}.3`]);
    expect(denyReason({ action: ACTIONS.deny, value: 'review-2', [`${REASON_INPUT}.3`]: 'Too broad' })).toBe(
      'Too broad',
    );
    expect(problems(card)).toEqual([]);
  });

  test('a huge view is cut to fit a Teams message, keeps at most six buttons, and still validates', () => {
    const huge: View = {
      title: long(5000, 'T'),
      blocks: [
        ...Array.from({ length: 5 }, () => [
          { type: 'header' as const, text: long(5000, 'H') },
          {
            type: 'text' as const,
            text: long(5000, 'a'),
            items: Array.from({ length: 200 }, (_, i) => `${i} ${long(5000, 'i')}`),
          },
          {
            type: 'fields' as const,
            fields: Array.from({ length: 100 }, () => ({ label: long(5000, 'l'), value: long(5000, 'v') })),
          },
          { type: 'context' as const, text: long(5000, 'c') },
          { type: 'divider' as const },
        ]).flat(),
        {
          type: 'actions',
          buttons: Array.from({ length: 10 }, (_, i) => ({
            actionId: `custom.${i}`,
            label: long(500, 'b'),
            value: `${i}`,
          })),
        },
      ],
    };
    for (const [card, limit] of [
      [toAdaptiveCard(huge), budget],
      [toFormCard(huge, submitData), dialogBudget],
    ] as const) {
      expect(bytes(card)).toBeLessThanOrEqual(limit);
      expect(problems(card)).toEqual([]);
      for (const set of [card.actions, ...findAll(card, (o) => o.type === 'ActionSet').map((s) => s.actions)])
        expect(set.length).toBeLessThanOrEqual(LIMITS.actions);
      const texts = findAll(card, (o) => o.type === 'TextRun').map((r) => r.text as string);
      expect(texts.some((t) => t.endsWith('…'))).toBe(true);
    }
    const message = toAdaptiveCard(huge);
    expect(message.actions).toHaveLength(LIMITS.actions);
    expect((message.actions[0] as Json).title).toHaveLength(LIMITS.buttonTitle);
  });
});

describe('dialog forms', () => {
  test('each kind of input becomes its Adaptive Card input, never required on the client', () => {
    const [, filled, second] = formStates().map(([, state]) => toFormCard(registrationForm(state), submitData));
    const step1 = byId(filled!);
    expect(step1.name).toMatchObject({
      type: 'Input.Text',
      label: 'What is it called?',
      isRequired: false,
      maxLength: 60,
      placeholder: 'Expense tracker',
    });
    expect(step1.purpose).toMatchObject({ type: 'Input.Text', isMultiline: true, maxLength: 1000 });
    expect(step1.expectedUsers).toMatchObject({
      type: 'Input.Number',
      label: 'About how many people use it? (optional)',
      value: 12,
    });
    expect(step1.audience).toMatchObject({
      type: 'Input.ChoiceSet',
      style: 'expanded',
      isMultiSelect: false,
      value: 'team',
    });
    expect(step1.audience!.choices[0]).toEqual({ title: 'Just me — Only you use it', value: 'personal' });
    expect(step1.data).toMatchObject({
      type: 'Input.ChoiceSet',
      isMultiSelect: true,
      value: 'customer,financial,health',
    });
    const systems = step1.systems!.choices as Json[];
    expect(step1.systems).toMatchObject({
      type: 'Input.ChoiceSet',
      isMultiSelect: true,
      style: systems.length <= LIMITS.expandedChoices ? 'expanded' : 'compact',
    });
    expect(systems).toContainEqual({ title: 'Salesforce — Customer records (CRM)', value: 'salesforce' });
    expect(systems.map((c) => c.title).join('\n')).not.toMatch(/ — (crm|hr|ai|erp)$/m);
    expect(inputs(filled!).every((e) => e.isRequired === false)).toBe(true);
    const step2 = byId(second!);
    expect(step2.owner).toEqual({
      type: 'Input.ChoiceSet',
      id: 'owner',
      label: 'Owner',
      isRequired: false,
      errorMessage: expect.any(String),
      choices: [],
      'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' },
      isMultiSelect: false,
      value: AAD_ID,
    });
    expect(step2.backupOwner!.value).toBeUndefined();
    expect(step2.aiOutputsExternal).toMatchObject({
      type: 'Input.Toggle',
      title: 'What the AI writes reaches customers, partners or the public',
      valueOn: 'true',
      valueOff: 'false',
      value: 'true',
    });
    expect(step2.retentionDays).toMatchObject({ type: 'Input.Number', value: 90 });
    const toggles = toFormCard(
      {
        title: 't',
        blocks: [
          {
            type: 'input',
            id: 'one',
            label: 'One',
            kind: 'checkbox',
            optional: true,
            options: [{ value: 'yes', label: 'I agree' }],
            initial: ['yes'],
          },
          {
            type: 'input',
            id: 'many',
            label: 'Many',
            kind: 'checkbox',
            optional: true,
            options: [
              { value: 'a', label: 'A', description: long(61) },
              { value: 'b', label: 'B' },
            ],
            initial: ['b'],
          },
        ],
      },
      {},
    );
    expect(byId(toggles).one).toMatchObject({ type: 'Input.Toggle', title: 'I agree', value: 'true' });
    expect(byId(toggles).many).toMatchObject({
      type: 'Input.ChoiceSet',
      isMultiSelect: true,
      style: 'expanded',
      value: 'b',
      choices: [
        { title: 'A', value: 'a' },
        { title: 'B', value: 'b' },
      ],
    });
  });

  test('a problem shows right under its input, in attention colour, and as the input error message; then the hint', () => {
    const [, filled] = formStates();
    const card = toFormCard(registrationForm(filled![1]), submitData);
    expect(inputs(card)).toHaveLength(STEP_ONE.length);
    card.body.forEach((element, i) => {
      if (!String(element.type).startsWith('Input.')) return;
      const next = card.body[i + 1] as Json;
      expect(element.errorMessage).toMatch(/^x+…$/);
      expect(next).toMatchObject({
        type: 'RichTextBlock',
        spacing: 'none',
        inlines: [{ type: 'TextRun', color: 'attention', text: expect.stringMatching(/^⚠ x+/) }],
      });
      expect(card.body[i + 2]).toMatchObject({ type: 'RichTextBlock', inlines: [{ isSubtle: true, size: 'small' }] });
    });
    const denial = toFormCard(
      {
        ...denialForm('Lunch'),
        blocks: denialForm('Lunch').blocks.map((b) => (b.type === 'input' ? { ...b, error: 'Say why.' } : b)),
      },
      {},
    );
    expect(denial.body.slice(1)).toEqual([
      {
        type: 'Input.Text',
        id: 'reason',
        label: 'Reason',
        isRequired: false,
        errorMessage: 'Say why.',
        isMultiline: true,
        maxLength: 1000,
      },
      {
        type: 'RichTextBlock',
        inlines: [{ type: 'TextRun', text: '⚠ Say why.', color: 'attention' }],
        spacing: 'none',
      },
    ]);
  });

  test('initial values round-trip through what Teams submits', () => {
    const systems = catalogChoices(policy);
    const values: FormValues = {
      'system.salesforce': 'read_key',
      otherSystems: 'Airtable\nNotion',
      otherAccess: 'write',
      dataClassification: 'confidential',
      aiOutputsExternal: true,
      humanReviewOfOutputs: false,
      backupOwner: `teams:${AAD_ID}`,
      retentionDays: '30',
      decommissionPlan: 'Export https://x.example and delete.',
      healthEndpoint: 'https://radar.example.com/health',
      controls: ['incidentContact', 'logging'],
      owner: AAD_ID,
      businessUnit: 'Ops @ HQ',
      thirdPartyLibraries: 'chart.js@4.4.1',
      productionEndpoints: 'https://a.example',
      requestedScopes: 'Files.Read',
    };
    const asked = ['system.salesforce', 'otherSystems', 'otherAccess', ...STEP_TWO_FIELDS];
    const state: RegistrationFormState = {
      draft: { step: 2, answers: {}, asked },
      values,
      errors: {},
      outlook: assess(policy, manifests[2]!),
      systems,
    };
    const card = toFormCard(registrationForm(state), submitData);
    const submitted = Object.fromEntries(
      inputs(card)
        .filter((e) => e.value !== undefined)
        .map((e) => [e.id as string, String(e.value)]),
    );
    const back = (id: string, raw: string) => {
      const input = byId(card)[id]!;
      if (input.type === 'Input.Toggle') return raw === 'true';
      if (input.isMultiSelect) return raw.split(',').sort();
      if (input.type === 'Input.Number') return raw;
      if ('choices.data' in input) return id === 'backupOwner' ? `teams:${raw}` : raw;
      return raw;
    };
    expect(Object.fromEntries(Object.entries(submitted).map(([id, raw]) => [id, back(id, raw)]))).toEqual({
      ...values,
      controls: [...(values.controls as string[])].sort(),
    });
  });
});

describe('dates on a card in a channel', () => {
  const at = '2026-11-21T10:00:00.250Z';
  const view = {
    title: 'Review: Desk',
    blocks: [
      { type: 'text' as const, text: `Denied by ${ATTACK} on ${day(at, EACH_READERS_ZONE)}.`, tone: 'danger' as const },
      { type: 'context' as const, text: `Opened ${day(at, EACH_READERS_ZONE)}. {{DATE(2020-01-01T00:00:00Z)}}` },
      { type: 'fields' as const, fields: [{ label: 'Since', value: day(at, EACH_READERS_ZONE) }] },
    ],
  };

  test("each becomes the card's DATE function in a TextBlock, which Teams shows in the reader's locale and zone", () => {
    const card = toAdaptiveCard(view);
    expect(problems(card)).toEqual([]);
    const blocks = findAll(card, (o) => o.type === 'TextBlock');
    expect(blocks).toHaveLength(2);
    expect(blocks[0]!.text).toMatch(/^Denied by .* on \{\{DATE\(2026-11-21T10:00:00Z, SHORT\)\}\}\.$/);
    expect(blocks[1]!.text).toMatch(/^Opened \{\{DATE\(2026-11-21T10:00:00Z, SHORT\)\}\}\. /);
    expect(blocks[0]).toMatchObject({ color: 'attention', wrap: true });
    expect(blocks[1]).toMatchObject({ isSubtle: true, size: 'small' });
  });

  test('user text beside a date stays text: no link, autolink, mention or date of its own', () => {
    const [denied, opened] = findAll(toAdaptiveCard(view), (o) => o.type === 'TextBlock').map((b) => b.text);
    expect(denied).not.toMatch(/\]\(|<(?=[a-z/])/i);
    expect(linkable(denied)).toEqual([]);
    expect(opened).toContain('{\u2060{DATE(2020-01-01T00:00:00Z)}}');
    expect(opened.match(/\{\{DATE\(/g)).toHaveLength(1);
  });

  test('where Teams formats nothing (a field, a button) the date is written in UTC, naming the zone', () => {
    const card = toAdaptiveCard(view);
    const runs = findAll(card, (o) => o.type === 'TextRun').map((r) => String(r.text).replace(WJ, ''));
    expect(runs).toEqual(expect.arrayContaining(['21 Nov 2026 UTC']));
    expect(JSON.stringify(card)).not.toMatch(/[\uE000\uE001]/);
  });
});
