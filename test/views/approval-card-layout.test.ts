import { join } from 'node:path';
import { toMessage } from '../../adapters/slack/block-kit';
import { toAdaptiveCard } from '../../adapters/teams/adaptive-card';
import { approvalCardSample } from '../../bench/approval-card-sample';
import { slackCardHeight } from '../../bench/slack-card-height';
import type { ReviewRecord } from '../../src/domain/app-record';
import { parseManifest } from '../../src/domain/manifest';
import type { Manifest } from '../../src/domain/manifest';
import { assess } from '../../src/policy/assess';
import { loadPolicy } from '../../src/policy/load-policy';
import type { Policy } from '../../src/policy/policy';
import { approvalCard } from '../../src/views/approval-card';
import { plainText } from '../../src/views/plain-text';
import { tier3 } from '../support/manifests';

let policy: Policy;
beforeAll(async () => {
  policy = await loadPolicy(join(__dirname, '../../policies'));
});

const parsed = (input: Record<string, unknown>): Manifest => {
  const p = parseManifest(input);
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  return p.manifest;
};

function card(manifest: Manifest, assessment = assess(policy, manifest)) {
  const review: ReviewRecord = {
    id: 'review-1',
    appId: 'app-1',
    revisionId: 'rev-1',
    status: 'open',
    requiredApprovals: assessment.requiredApprovals,
    version: 1,
    createdAt: '2026-11-21T10:00:00Z',
    approvals: [],
  };
  const app = {
    id: 'app-1',
    name: manifest.name,
    status: 'pending_review' as const,
    owner: manifest.owner,
    tier: assessment.tier,
    score: assessment.score,
    currentRevisionId: 'rev-1',
    createdAt: review.createdAt,
    updatedAt: review.createdAt,
  };
  return approvalCard({ app, manifest, assessment, review });
}

test('a typical tier-3 card fits in about 600 px of a 500 px Slack pane, and the verdict comes first', () => {
  const { view } = approvalCardSample(policy);
  const blocks = toMessage(view).blocks;
  expect(slackCardHeight(blocks, 500)).toBeLessThan(600);
  const verdict = blocks[1] as { text: { text: string } };
  expect(verdict.text.text).toMatch(/^Tier 3 \(high risk\), score 10 of 10: [^\n]+\.$/);
});

test('the estimate grows with what a card says, so it can tell a wall from a card', () => {
  const short = toMessage({ title: 'T', blocks: [{ type: 'text', text: 'One line.' }] }).blocks;
  const long = toMessage({ title: 'T', blocks: [{ type: 'text', text: 'word '.repeat(400) }] }).blocks;
  expect(slackCardHeight(long, 500) - slackCardHeight(short, 500)).toBeGreaterThan(500);
  expect(slackCardHeight(long, 1000)).toBeLessThan(slackCardHeight(long, 500));
});

test('reasons are worded for the reviewer: no owner fixes, weightiest in the verdict', () => {
  const m = parsed(tier3());
  const a = assess(policy, m);
  const text = plainText(card(m, a));
  expect(a.reasons.length).toBeGreaterThan(3);
  for (const r of a.reasons) expect(text).not.toContain(r.fix);
  const top = [...a.reasons].sort((x, y) => y.points - x.points)[0]!;
  const verdict = text.split('\n')[1]!;
  expect(verdict.toLowerCase()).toContain(
    top.message
      .replace(/^This app /, '')
      .replace(/\.$/, '')
      .toLowerCase(),
  );
  expect(text).toMatch(/\nAlso noted: /);
});

test('facts the owner left out are left out, not shown as "Not stated"', () => {
  const m = parsed(tier3({ businessUnit: undefined, retentionDays: undefined, backupOwner: undefined }));
  const text = plainText(card(m));
  expect(text).not.toMatch(/Not stated|Backup owner|Keeps data for|Built with|Team:/);
  expect(text).toMatch(/Owner: /);
});

test('a required control the owner did not attest is named', () => {
  const m = parsed(tier3());
  const a = assess(policy, m);
  const without = { ...m, controls: m.controls.filter((c) => c !== 'dlp') };
  expect(plainText(card(without, a))).toMatch(/Controls not attested: DLP scanning \(of 5 required\)/);
  expect(plainText(card(m, a))).toMatch(/Controls: all 5 required attested/);
});

test('Slack shows field labels in bold and escapes label and value; Teams bolds the label only', () => {
  const evil = 'Ops <!channel> *bold* & <https://x.example|link>';
  const m = parsed(tier3({ businessUnit: evil, purpose: evil, owner: 'slack:UOWNER' }));
  const view = card({ ...m, integrations: [{ system: '<@U123>', access: 'read', requiresSecret: false }] });
  const fields = toMessage(view).blocks.flatMap((b) => (b.fields as { text: string; verbatim: boolean }[]) ?? []);
  expect(fields.map((f) => f.text.split('\n')[0])).toEqual([
    '*Owner*',
    '*Backup owner*',
    '*Used by*',
    '*Data*',
    '*Connects to*',
  ]);
  expect(fields.every((f) => f.verbatim)).toBe(true);
  const connects = fields.find((f) => f.text.startsWith('*Connects to*'))!;
  expect(connects.text).toBe('*Connects to*\n&lt;@U123&gt;: reads only');
  expect(JSON.stringify(toMessage(view).blocks)).not.toMatch(/<!channel>|<@U123>|<https/);

  const teams = JSON.stringify(toAdaptiveCard(view));
  expect(teams).toContain('"text":"Connects to: ","weight":"bolder"');
  expect(teams).not.toMatch(/"text":"[^"]*<@U123>[^"]*","weight"/);
});
