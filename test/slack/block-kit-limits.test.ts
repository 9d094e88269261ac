import { LIMITS, toHome, toMessage, toModal } from '../../adapters/slack/block-kit';
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
import type { View } from '../../src/views/view-model';
import { tier1, tier2, tier3 } from '../support/manifests';
import { loadTestPolicy } from '../support/test-policy';

type Json = Record<string, any>;

/** Every Block Kit limit the renderer must keep, as a list of problems (empty when all is well). */
function problems(surface: Json, maxBlocks: number): string[] {
  const found: string[] = [];
  const check = (ok: boolean, what: string) => ok || found.push(what);
  const blocks: Json[] = surface.blocks;
  check(blocks.length <= maxBlocks, `${blocks.length} blocks > ${maxBlocks}`);
  for (const [k, max] of [['title', LIMITS.modalTitle], ['submit', LIMITS.modalTitle], ['close', LIMITS.modalTitle]] as const) {
    if (surface[k]) check(surface[k].text.length <= max, `${k} too long`);
  }
  if (surface.private_metadata !== undefined) check(surface.private_metadata.length <= LIMITS.privateMetadata, 'private_metadata too long');
  for (const b of blocks) {
    if (b.block_id) check(b.block_id.length <= LIMITS.blockId, 'block_id too long');
    if (b.type === 'header') check(b.text.text.length <= LIMITS.headerText, 'header too long');
    if (b.type === 'section' && b.text) check(b.text.text.length <= LIMITS.sectionText, `section text ${b.text.text.length}`);
    if (b.type === 'section' && b.fields) {
      check(b.fields.length <= LIMITS.fields, 'too many fields');
      for (const f of b.fields) check(f.text.length <= LIMITS.fieldText, 'field too long');
    }
    if (b.type === 'context') for (const e of b.elements) check(e.text.length <= LIMITS.contextText, 'context too long');
    if (b.type === 'actions') {
      check(b.elements.length <= 25, 'too many buttons');
      for (const e of b.elements) {
        check(e.text.text.length <= LIMITS.buttonText, 'button text too long');
        check(e.action_id.length <= LIMITS.actionId, 'action_id too long');
        check(e.value.length <= LIMITS.buttonValue, 'button value too long');
      }
    }
    if (b.type === 'input') {
      check(b.label.text.length <= LIMITS.label, 'label too long');
      if (b.hint) check(b.hint.text.length <= LIMITS.hint, 'hint too long');
      const e = b.element;
      check(e.action_id.length <= LIMITS.actionId, 'action_id too long');
      if (e.type === 'static_select') check(e.options.length <= LIMITS.options, 'too many options');
      if (e.type === 'checkboxes') check(e.options.length <= 10, 'too many checkboxes');
      for (const o of e.options ?? []) check(o.text.text.length <= LIMITS.optionText, 'option text too long');
      if (e.initial_value) check(e.initial_value.length <= (e.max_length ?? 3000), 'initial value over max_length');
    }
  }
  return found;
}

const long = (n: number) => 'x'.repeat(n);
let policy: Policy;
const manifests: Manifest[] = [];
beforeAll(async () => {
  policy = await loadTestPolicy();
  for (const input of [tier1(), tier2(), tier3(), tier1({ impersonatesEmployees: true, financialTransactions: true }), tier3({ name: long(60), purpose: long(1000), businessUnit: long(100) })]) {
    const parsed = parseManifest(input);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    manifests.push(parsed.manifest);
  }
});

function app(m: Manifest, status: AppRecord['status']): AppRecord {
  return { id: 'a'.repeat(36), name: m.name, status, owner: m.owner, businessUnit: m.businessUnit, tier: 3, score: 10, currentRevisionId: 'r', expiresAt: '2027-11-21T10:00:00.000Z', createdAt: '2026-11-21T10:00:00.000Z', updatedAt: '2026-11-21T10:00:00.000Z' };
}

function review(status: ReviewRecord['status']): ReviewRecord {
  return { id: 'r'.repeat(36), appId: 'a', revisionId: 'v', status, requiredApprovals: [{ role: 'security', count: 1 }, { role: 'platform', count: 1 }], version: 2, decidedBy: `slack:${long(30)}`, decidedAt: '2026-11-22T10:00:00.000Z', reason: long(1000), createdAt: '2026-11-21T10:00:00.000Z', approvals: [{ approver: 'slack:USEC', role: 'security', at: '2026-11-21T11:00:00.000Z' }] };
}

function allViews(): [string, View][] {
  const views: [string, View][] = [];
  const errors = [{ field: 'purpose', path: 'purpose', message: long(3000) }, { field: 'controls', path: 'controls', message: 'confirm everything' }];
  views.push(['empty registration form', registrationForm()]);
  views.push(['filled registration form with errors', registrationForm({ name: long(60), purpose: long(1000), integrations: long(2000), thirdPartyLibraries: long(3000), usesAI: true, controls: ['dlp'], audience: 'team' }, errors)]);
  views.push(['denial form', denialForm(long(60))]);
  for (const m of manifests) {
    const a = assess(policy, m);
    views.push([`risk summary tier ${a.tier}`, riskSummary(m.name, a)]);
    for (const status of ['open', 'approved', 'denied'] as const) views.push([`approval card ${status} tier ${a.tier}`, approvalCard({ app: app(m, 'pending_review'), manifest: m, assessment: a, review: review(status), names: { [m.owner]: long(200) } })]);
    for (const status of APP_STATUSES) views.push([`owner status ${status} tier ${a.tier}`, ownerStatus(app(m, status), a, review('denied'))]);
  }
  const many = Array.from({ length: 60 }, (_, i) => app(manifests[4]!, APP_STATUSES[i % APP_STATUSES.length]!));
  views.push(['home with many apps and reviews', homeView(many, many.map((a) => ({ app: a, review: review('open') })))]);
  views.push(['empty home', homeView([], [])]);
  return views;
}

test('every view renders as a message within Block Kit limits', () => {
  for (const [name, view] of allViews()) expect([name, problems(toMessage(view), LIMITS.messageBlocks)]).toEqual([name, []]);
});

test('every view renders as a modal and as App Home within Block Kit limits', () => {
  for (const [name, view] of allViews()) {
    expect([name, problems(toModal(view, 'cb', long(5000)), LIMITS.modalBlocks)]).toEqual([name, []]);
    expect([name, problems(toHome(view), LIMITS.modalBlocks)]).toEqual([name, []]);
  }
});

test('long text is cut with an ellipsis rather than rejected', () => {
  const card = toMessage(riskSummary(long(60), { ...assess(policy, manifests[2]!), reasons: [{ rule: 'r', points: 1, message: long(4000), fix: 'f' }] }));
  const section = card.blocks.find((b: Json) => b.type === 'section' && b.text?.text.startsWith('Why')) as Json;
  expect(section.text.text).toHaveLength(LIMITS.sectionText);
  expect(section.text.text.endsWith('…')).toBe(true);
});
