import type { Actor } from '../../src/domain/actor';
import type { AppRecord, ReviewRecords, RevisionRecord } from '../../src/domain/app-record';
import { decisionBar } from '../../src/policy/decision-bar';
import type { Policy } from '../../src/policy/policy';
import { PEOPLE, loadTestPolicy } from '../support/test-policy';

let policy: Policy;
beforeAll(async () => {
  policy = await loadTestPolicy();
});

const slack = (ref: string, email?: string): Actor => ({
  platform: 'slack',
  userId: ref.slice('slack:'.length),
  email,
});
const AT = '2026-12-01T10:00:00.000Z';

/** A review needing two reviewer approvals, of an app owned by PEOPLE.owner and backed up by PEOPLE.backup. */
function records(over: Partial<ReviewRecords['review']> = {}): ReviewRecords {
  const app = { id: 'a1', name: 'Inbox router', owner: PEOPLE.owner, backupOwner: PEOPLE.backup } as AppRecord;
  const revision = { id: 'r1', appId: 'a1', submittedBy: PEOPLE.stranger } as RevisionRecord;
  const review = {
    id: 'v1',
    appId: 'a1',
    revisionId: 'r1',
    status: 'open' as const,
    requiredApprovals: [{ role: 'reviewer', count: 2 }],
    version: 1,
    createdAt: AT,
    approvals: [],
    ...over,
  };
  return { app, revision, review };
}

test('a role holder may decide (by ref or email); the submitter may not; someone without the role has none', () => {
  expect(decisionBar(policy, records(), slack(PEOPLE.reviewer))).toBeUndefined();
  expect(decisionBar(policy, records(), slack('reviewer-by-email:x', PEOPLE.emailReviewer))).toBeUndefined();
  expect(decisionBar(policy, records(), slack(PEOPLE.stranger))).toBe('own_submission');
  expect(decisionBar(policy, records(), slack(PEOPLE.platform))).toBe('no_role');
});

test('the owner holds the reviewer role but the separation of duties keeps them out', () => {
  expect(decisionBar(policy, records(), slack(PEOPLE.owner))).toBe('own_app');
});

test('who already approved may not approve again, while the second approval is still needed from someone else', () => {
  const half = records({ approvals: [{ approver: PEOPLE.reviewer, role: 'reviewer', at: AT }] });
  expect(decisionBar(policy, half, slack(PEOPLE.reviewer))).toBe('already_approved');
  expect(decisionBar(policy, half, slack(PEOPLE.reviewer2))).toBeUndefined();
});

test('nobody may decide a closed review', () => {
  expect(decisionBar(policy, records({ status: 'approved' }), slack(PEOPLE.reviewer))).toBe('closed');
});
