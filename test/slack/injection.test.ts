import { toHome, toMessage, toModal, toReply } from '../../adapters/slack/block-kit';
import { catalogChoices } from '../../src/app/registration/start-registration';
import { describeError } from '../../src/views/describe-error';
import type { AppRecord, ReviewRecord } from '../../src/domain/app-record';
import { AppError, ERROR_CODES } from '../../src/domain/errors';
import { parseManifest } from '../../src/domain/manifest';
import type { Notice } from '../../src/domain/outbound';
import { assess } from '../../src/policy/assess';
import type { Policy } from '../../src/policy/policy';
import { appDetails } from '../../src/views/app-details';
import { approvalCard } from '../../src/views/approval-card';
import { registrationForm } from '../../src/views/registration-form';
import { homeView } from '../../src/views/home-view';
import { noticeView } from '../../src/views/notice-view';
import { ownerStatus } from '../../src/views/owner-status';
import { riskSummary } from '../../src/views/risk-summary';
import { tier3 } from '../support/manifests';
import { digestSample } from '../support/digest-sample';
import { loadTestPolicy } from '../support/test-policy';

const ATTACK = 'X<!channel><https://evil.example|click> <@U999> <#C123> &lt;!here&gt;';

/**
 * Everything Slack would read as markup (a mention, a broadcast, a link or a channel reference) in
 * the parts it parses: mrkdwn texts and the notification text. `plain_text` is shown as typed.
 */
function markup(rendered: { text?: string }): string[] {
  const parsed: string[] = rendered.text === undefined ? [] : [rendered.text];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') parsed.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(rendered);
  return parsed.flatMap((t) => [...t.matchAll(/<[!@#]|<https?:|<mailto:/g)].map((m) => m[0]));
}

let policy: Policy;
beforeAll(async () => {
  policy = await loadTestPolicy();
});

test('every refusal and error, worded for a person, stays inert text with an injected app name', () => {
  for (const code of ERROR_CODES) {
    const error = new AppError(code, ATTACK, {
      appName: ATTACK,
      decidedBy: ATTACK,
      decidedAt: '2026-11-21T10:00:00.000Z',
      outcome: ATTACK,
      roles: [ATTACK],
      status: ATTACK,
      problems: [ATTACK],
      fieldErrors: [{ field: 'name', path: 'name', message: ATTACK }],
    });
    const words = describeError(error, { names: { [ATTACK]: ATTACK } }).text;
    expect({ code, found: markup(toReply(words)) }).toEqual({ code, found: [] });
  }
});

test('every message the outbox renders stays inert text with injected names and purposes', () => {
  const parsed = parseManifest({
    ...tier3(),
    name: 'Injected app',
    purpose: `Purpose ${ATTACK}`,
    businessUnit: ATTACK,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const manifest = parsed.manifest;
  const assessment = assess(policy, manifest);
  const at = '2026-11-21T10:00:00.000Z';
  const app: AppRecord = {
    id: 'a1',
    name: ATTACK.slice(0, 60),
    status: 'pending_review',
    owner: 'slack:UOWNER',
    businessUnit: ATTACK,
    tier: 3,
    score: 10,
    currentRevisionId: 'r1',
    createdAt: at,
    updatedAt: at,
  };
  const review: ReviewRecord = {
    id: 'v1',
    appId: 'a1',
    revisionId: 'r1',
    status: 'denied',
    requiredApprovals: assessment.requiredApprovals,
    version: 2,
    decidedBy: 'slack:UR',
    decidedAt: at,
    reason: ATTACK,
    createdAt: at,
    approvals: [{ approver: 'slack:UR', role: 'security', at }],
  };
  const names = { 'slack:UOWNER': ATTACK, 'slack:UR': ATTACK };
  const notices: Notice[] = [
    { type: 'registered_for_you', appId: 'a1', by: 'slack:UR' },
    { type: 'app_transferred', appId: 'a1', from: 'slack:UOWNER', to: 'slack:UR', by: 'slack:UR' },
    { type: 'app_decommissioned', appId: 'a1', by: 'slack:UR' },
    { type: 'delivery_problem', what: 'post the approval card', where: ATTACK, code: ATTACK, fix: ATTACK },
    { type: 'person_unreachable', ref: ATTACK, what: 'tell the owner', appId: 'a1' },
  ];
  const views = [
    approvalCard({ app, manifest, assessment, review, names }),
    approvalCard({ app, manifest, assessment, review: { ...review, status: 'open' }, names }),
    ownerStatus({ ...app, status: 'rejected' }, assessment, review, names),
    riskSummary(app.name, assessment),
    appDetails({
      app,
      revision: { id: 'r1', appId: 'a1', number: 2, manifest, assessment, submittedBy: 'slack:UOWNER', createdAt: at },
      review,
      names,
      systemName: () => ATTACK,
    }),
    ...notices.map((n) => noticeView(n, { app, names })),
    digestSample(app, review, policy, names),
  ];
  for (const view of views)
    expect({ title: view.title, found: markup(toMessage(view)) }).toEqual({ title: view.title, found: [] });
  expect(
    markup(toHome(homeView([app], [{ review: { ...review, status: 'open' }, app }])) as { text?: string }),
  ).toEqual([]);
  const values = {
    name: ATTACK,
    purpose: ATTACK,
    businessUnit: ATTACK,
    decommissionPlan: ATTACK,
    otherSystems: ATTACK,
  };
  const errors = Object.fromEntries(['name', 'purpose', 'controls', 'system.salesforce'].map((id) => [id, ATTACK]));
  for (const step of [1, 2] as const) {
    const form = registrationForm({
      draft: {
        step,
        answers: values,
        asked: ['system.salesforce', 'otherSystems', 'otherAccess', 'controls', 'businessUnit', 'decommissionPlan'],
      },
      values,
      errors,
      outlook: assessment,
      systems: catalogChoices(policy),
      appName: ATTACK,
    });
    expect({ step, found: markup(toModal(form, 'cb') as { text?: string }) }).toEqual({ step, found: [] });
  }
});
