import { testCore } from '../support/test-core';
import type { Actor } from '../../src/domain/actor';
import { parseManifest } from '../../src/domain/manifest';
import type { Manifest } from '../../src/domain/manifest';
import { assess } from '../../src/policy/assess';
import type { Policy } from '../../src/policy/policy';
import { ACTIONS } from '../../src/views/action-ids';
import { approvalCard } from '../../src/views/approval-card';
import { ownerStatus } from '../../src/views/owner-status';
import { plainText } from '../../src/views/plain-text';
import { appDetails } from '../../src/views/app-details';
import { riskSummary } from '../../src/views/risk-summary';
import { withZoneNote } from '../../src/views/with-zone-note';
import type { View } from '../../src/ports/view-model';
import { tier1, tier2, tier3 } from '../support/manifests';
import { createTestRegistry } from '../support/test-databases';
import { PEOPLE, loadTestPolicy } from '../support/test-policy';

const manifest = (input: Record<string, unknown>): Manifest => {
  const parsed = parseManifest(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.manifest;
};
const buttons = (view: View) => view.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
const actor = (userId: string): Actor => ({ platform: 'slack', userId });

let policy: Policy;
beforeAll(async () => {
  policy = await loadTestPolicy();
});

test('the risk summary gives the tier, every reason with its fix, and the next step', () => {
  const m = manifest(tier3());
  const a = assess(policy, m);
  const text = plainText(riskSummary(m.name, a));
  expect(text).toMatch(/^Risk assessment: Renewal nudger/);
  expect(text).toContain('Tier 3 (high risk)');
  expect(a.reasons.reduce((s, r) => s + r.points, 0)).toBeGreaterThan(10);
  // Points that add up past the top score are left out: the reasons speak, no sum above 10 is shown.
  expect(text).toContain('Score: 10 of 10');
  expect(text).toContain('Why the score is 10 of 10, the most it can be:');
  for (const r of a.reasons)
    expect(text).toContain(
      `- ${r.about ? `${r.message.replace(/\.$/, '')}: ${r.about.join(', ')}.` : r.message} ${r.fix}`,
    );
  expect(text).not.toMatch(/\+\d+ |adds up|counted as/);
  expect(text).toMatch(/Next: it waits for 1 security approval and 1 platform approval/);
  expect(text).not.toMatch(/Still needed/);
  expect(text).not.toContain(a.policyVersion);
});

test('points that stay within the top score are shown with their sum', () => {
  const m = manifest(
    tier2({ name: 'Sprint dashboard', integrations: [{ system: 'jira', access: 'read', requiresSecret: true }] }),
  );
  const a = assess(policy, { ...m, controls: [...m.controls, 'vaultSecrets'] });
  const text = plainText(riskSummary(m.name, a));
  expect(text).toContain('Tier 2 (medium risk)');
  expect(text).toContain('How the score adds up: 2 + 2 = 4.');
  expect(text).toContain('- +2  An integration needs a secret (a key, token or password): Jira.');
});

test('a prohibited summary names who to talk to', () => {
  const m = manifest(tier1({ directProductionDbAccess: true }));
  expect(plainText(riskSummary(m.name, assess(policy, m)))).toMatch(/not allowed .* talk to the AI governance board/);
});

describe('the approval card through a review', () => {
  test('pending with buttons, then progress, then decided without buttons', async () => {
    const registry = await createTestRegistry('sqlite');
    try {
      const core = testCore(registry, policy, { now: () => new Date('2026-11-21T10:00:00Z') });
      const submitted = await core.submitRegistration(tier3(), actor('UOWNER'));
      const m = submitted.revision.manifest;
      const names = { [PEOPLE.security]: 'Sam Security', [PEOPLE.platform]: 'Pat Platform' };

      const pending = approvalCard({
        app: submitted.app,
        manifest: m,
        assessment: submitted.assessment,
        review: submitted.review!,
        names,
      });
      expect(buttons(pending).map((b) => [b.actionId, b.value])).toEqual([
        [ACTIONS.approve, submitted.review!.id],
        [ACTIONS.deny, submitted.review!.id],
        [ACTIONS.showDetails, submitted.revision.id],
      ]);
      expect(plainText(pending)).toMatch(/\nWaiting for: Security, Platform\. Opened 21 Nov 2026\./);

      const half = await core.decideReview({
        reviewId: submitted.review!.id,
        actor: actor('USECURITY'),
        verdict: 'approve',
      });
      const progress = approvalCard({
        app: half.app,
        manifest: m,
        assessment: submitted.assessment,
        review: half.review,
        names,
      });
      expect(plainText(progress)).toMatch(/Security: 1 of 1 \(Sam Security\)\. Waiting for: Platform\./);
      expect(buttons(progress)).toHaveLength(3);

      const done = await core.decideReview({
        reviewId: submitted.review!.id,
        actor: actor('UPLATFORM'),
        verdict: 'approve',
      });
      const decided = approvalCard({
        app: done.app,
        manifest: m,
        assessment: submitted.assessment,
        review: done.review,
        names,
      });
      expect(buttons(decided).map((b) => b.actionId)).toEqual([ACTIONS.showDetails]);
      expect(plainText(decided)).toMatch(/Approved by Pat Platform on 21 Nov 2026\./);
      expect(plainText(ownerStatus(done.app, submitted.assessment, done.review))).toMatch(
        /"Renewal nudger" is approved until 21 Nov 2027/,
      );
    } finally {
      await registry.close();
    }
  });

  test('the owner reads one date, on their own calendar, never the policy version; a reader of unknown zone is told it is UTC', async () => {
    const registry = await createTestRegistry('sqlite');
    try {
      const core = testCore(registry, policy, { now: () => new Date('2026-11-21T23:30:00Z') });
      const s = await core.submitRegistration(tier1(), actor('UOWNER'));
      expect(s.app.expiresAt).toMatch(/^2027-11-21T23:30/);
      const berlin = plainText(appDetails((await core.describeApp(s.app.name))!, 'Europe/Berlin'));
      expect(berlin).toContain('is approved until 22 Nov 2027.');
      expect(berlin).not.toMatch(/21 Nov 2027|in UTC/);
      expect(berlin).not.toContain(s.assessment.policyVersion);
      const unknown = plainText(appDetails((await core.describeApp(s.app.name))!));
      expect(unknown).toContain('is approved until 21 Nov 2027.');
      expect(unknown).toMatch(/Dates and times are in UTC \(your time zone is not known to me\)\.$/);
      const status = ownerStatus(s.app, s.assessment, undefined, {}, undefined);
      expect(plainText(status)).not.toContain(s.assessment.policyVersion);
      expect(plainText(withZoneNote(status, undefined))).toMatch(
        /approved until 21 Nov 2027[\s\S]*Dates and times are in UTC/,
      );
      expect(withZoneNote(status, 'Europe/Berlin')).toBe(status);
      const undated = { title: 'Hello', blocks: [{ type: 'text' as const, text: 'No dates here.' }] };
      expect(withZoneNote(undated, undefined)).toBe(undated);
    } finally {
      await registry.close();
    }
  });

  test('a denied card shows who, when and why; the owner hears the reason', async () => {
    const registry = await createTestRegistry('sqlite');
    try {
      const core = testCore(registry, policy, { now: () => new Date('2026-11-21T10:00:00Z') });
      const s = await core.submitRegistration(tier3(), actor('UOWNER'));
      const d = await core.decideReview({
        reviewId: s.review!.id,
        actor: actor('UPLATFORM'),
        verdict: 'deny',
        reason: 'No DLP on exports',
      });
      const names = { 'slack:UPLATFORM': 'Pat Platform' };
      const card = approvalCard({
        app: d.app,
        manifest: s.revision.manifest,
        assessment: s.assessment,
        review: d.review,
        names,
        timeZone: 'Pacific/Auckland',
      });
      expect(buttons(card).map((b) => b.actionId)).toEqual([ACTIONS.showDetails]);
      expect(plainText(card)).toMatch(/Denied by Pat Platform on 21 Nov 2026\.\nReason: No DLP on exports/);
      expect(plainText(ownerStatus(d.app, s.assessment, d.review, names))).toMatch(
        /was denied by Pat Platform\. Reason: No DLP on exports\. Fix it and register again/,
      );
      expect(
        plainText(
          approvalCard({ app: d.app, manifest: s.revision.manifest, assessment: s.assessment, review: d.review }),
        ),
      ).toMatch(/Denied by someone on Slack on/);
    } finally {
      await registry.close();
    }
  });
});

describe('reviewers and owners see what was declared', () => {
  const declared = () =>
    manifest(
      tier3({
        integrations: [
          { system: 'Salesforce', access: 'write', requiresSecret: true },
          { system: 'Google Sheet', access: 'read', requiresSecret: false },
        ],
        dataTypes: ['customer', 'pii'],
        usesAI: true,
        aiOutputsExternal: true,
        humanReviewOfOutputs: true,
        thirdPartyLibraries: ['chart.js@4.4.1'],
        productionEndpoints: ['https://renewals.example.com'],
        requestedScopes: ['Files.Read'],
        builtWith: 'Power Automate and Copilot',
        controls: ['incidentContact', 'encryption', 'dlp', 'logging', 'rollback', 'vaultSecrets'],
      }),
    );

  test('the approval card shows every declared fact a reviewer weighs, by name', async () => {
    const registry = await createTestRegistry('sqlite');
    try {
      const core = testCore(registry, policy, { now: () => new Date('2026-11-21T10:00:00Z') });
      const s = await core.submitRegistration(declared(), actor('UOWNER'));
      const names = { [PEOPLE.owner]: 'Olga Owner', [PEOPLE.backup]: 'Ben Backup' };
      const text = plainText(
        approvalCard({
          app: s.app,
          manifest: s.revision.manifest,
          assessment: s.assessment,
          review: s.review!,
          names,
          systemName: (id) => (id === 'salesforce' ? 'Salesforce' : id),
        }),
      );
      for (const fact of [
        'Owner: Olga Owner',
        'Backup owner: Ben Backup',
        'The whole organisation (about 300 people)',
        'Confidential: Customer data, Personal data (PII)',
        'Keeps data for: 90 days',
        'Salesforce: reads and writes, with a key',
        'Google Sheet: reads only',
        'Calls an AI model',
        'AI output reaches people outside; a person checks it first',
        'Controls: all 6 required attested',
        'Built with: Power Automate and Copilot',
        'did you mean Google Sheets?',
      ])
        expect(text).toContain(fact);
      expect(text).not.toContain('chart.js');
      expect(
        buttons(
          approvalCard({ app: s.app, manifest: s.revision.manifest, assessment: s.assessment, review: s.review! }),
        ).map((b) => b.label),
      ).toEqual(['Approve', 'Deny', 'Full details']);

      await core.people.remember({ ref: PEOPLE.security, displayName: 'Sam Security', active: true });
      await core.people.remember({ ref: PEOPLE.platform, displayName: 'Pat Platform', active: true });
      const queued = plainText(appDetails((await core.describeApp('Renewal nudger'))!, 'Europe/Paris'));
      expect(queued).toMatch(
        /Its review card is not posted yet in #microapp-security-reviews \(Slack\): it is queued, or it could not be delivered \(microapp deliveries shows which\)/,
      );
      expect(queued).not.toMatch(/Teams/);
      await registry.cards.save(
        s.review!.id,
        'copy-1',
        { platform: 'slack', address: 'C-SEC', id: '1700000000.000100' },
        '2026-11-21T10:00:01Z',
      );
      const details = plainText(appDetails((await core.describeApp('Renewal nudger'))!, 'Europe/Paris'));
      for (const fact of [
        'chart.js@4.4.1',
        'https://renewals.example.com',
        'Files.Read',
        'Turn the rule off and delete the sheet.',
        'Salesforce: reads and changes data, needs a password or key',
        'Waiting for review'.toLowerCase(),
      ]) {
        expect(details.toLowerCase()).toContain(fact.toLowerCase());
      }
      expect(details).toMatch(
        /Its review card is in #microapp-security-reviews \(Slack\), waiting since 21 Nov 2026 for 1 security approval and 1 platform approval\. Who can approve: Sam Security, someone on Slack, Pat Platform\. If nobody decides, reviewers are reminded on (24|25) Nov 2026, and on (27|30) Nov 2026 it goes to the Fallback reviewer\./,
      );
    } finally {
      await registry.close();
    }
  });

  test('the summary shows what was attested apart from what is still needed, and the score adds up', () => {
    const m = manifest(tier2({ controls: ['logging'], backupOwner: undefined }));
    const a = assess(policy, m);
    const text = plainText(riskSummary(m.name, a, { manifest: m, preview: true }));
    expect(text).toMatch(/Controls attested are in place:\n\s+- Logging/);
    expect(text).toMatch(
      /Still needed \(medium-risk apps need someone to take over and a way to recover\):\n\s+- Name a backup owner who can take over if you leave\.\n\s+- Confirm Rollback plan is in place\./,
    );
    expect(text).toContain('How the score adds up: 2 = 2.');
    expect(text).toMatch(/Outcome: Cannot be registered as written/);
  });
});
