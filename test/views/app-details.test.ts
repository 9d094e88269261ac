import { join } from 'node:path';
import type { DescribedApp } from '../../src/app/queries/describe-app';
import type { AppRecord } from '../../src/domain/app-record';
import { parseManifest } from '../../src/domain/manifest';
import { assess } from '../../src/policy/assess';
import { loadPolicy } from '../../src/policy/load-policy';
import type { Policy } from '../../src/policy/policy';
import { appDetails } from '../../src/views/app-details';
import { plainText } from '../../src/views/plain-text';
import { tier1, tier3 } from '../support/manifests';
import { PEOPLE } from '../support/test-policy';

let policy: Policy;
beforeAll(async () => {
  policy = await loadPolicy(join(__dirname, '../../policies'));
});

function described(input: Record<string, unknown>, status: AppRecord['status']): DescribedApp {
  const parsed = parseManifest(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const manifest = parsed.manifest;
  const assessment = assess(policy, manifest);
  const at = '2026-11-21T10:00:00Z';
  return {
    app: {
      id: 'app-1',
      name: manifest.name,
      status,
      owner: manifest.owner,
      backupOwner: manifest.backupOwner,
      tier: assessment.tier,
      score: assessment.score,
      currentRevisionId: 'rev-1',
      expiresAt: '2027-11-21T10:00:00Z',
      createdAt: at,
      updatedAt: at,
    },
    revision: {
      id: 'rev-1',
      appId: 'app-1',
      number: 1,
      manifest,
      assessment,
      submittedBy: manifest.owner,
      createdAt: at,
    },
    names: {},
    systemName: (s) => s,
  };
}

const owner = { platform: 'slack' as const, userId: 'UOWNER' };
const reviewer = { platform: 'slack' as const, userId: 'UREVIEWER' };

test('the owner reads the fixes; a reviewer, an admin or the command line reads the reasons as the card words them', () => {
  const d = described(tier3(), 'pending_review');
  expect(d.revision.manifest.owner).toBe(PEOPLE.owner);
  const fixes = d.revision.assessment.reasons.map((r) => r.fix);
  const mine = plainText(appDetails(d, 'UTC', owner));
  for (const fix of fixes) expect(mine).toContain(fix);
  expect(mine).toMatch(/You will hear as soon as reviewers decide/);
  for (const theirs of [plainText(appDetails(d, 'UTC', reviewer)), plainText(appDetails(d, 'UTC'))]) {
    for (const fix of fixes) expect(theirs).not.toContain(fix);
    expect(theirs).toMatch(/Why it has this risk:\n[\s\S]*\n {2}- Stores Confidential data\n/);
    expect(theirs).not.toMatch(/\byou\b/i);
  }
});

test('facts the owner left out are left out, not shown as "Not stated" or "None"', () => {
  const bare = plainText(appDetails(described(tier1({ businessUnit: undefined }), 'approved'), 'UTC', reviewer));
  expect(bare).not.toMatch(/Not stated|None named|None listed|\bNone\b|Does not use AI/);
  expect(bare).not.toMatch(/Backup owner|Keeps data for|Team or department|Built with|Systems it connects to/);
  const full = plainText(appDetails(described(tier3(), 'pending_review'), 'UTC', reviewer));
  expect(full).toMatch(/Backup owner|Keeps data for/);
});

test('a prohibited app: the reviewer reads what it does that is not allowed, not how the owner could change it', () => {
  const d = described(tier1({ automatedDecisionsAboutPeople: true }), 'prohibited');
  const first = d.revision.assessment.reasons[0]!;
  const theirs = plainText(appDetails(d, 'UTC', reviewer));
  expect(theirs).toMatch(/is not allowed: /);
  expect(theirs).not.toContain(first.fix);
  expect(plainText(appDetails(d, 'UTC', owner))).toContain(first.fix);
});
