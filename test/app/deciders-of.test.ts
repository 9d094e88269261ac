import { createDecidersOf } from '../../src/app/review/deciders-of';
import type { AppRecord, ReviewRecords, RevisionRecord } from '../../src/domain/app-record';
import type { Policy } from '../../src/policy/policy';
import type { Person } from '../../src/ports/people';
import { loadTestPolicy } from '../support/test-policy';

let shipped: Policy;
beforeAll(async () => {
  shipped = await loadTestPolicy();
});

const AT = '2026-12-01T10:00:00.000Z';

/** A review needing a security and a platform approval, of an app owned by owner@example.com (known by email only). */
function records(approvals: ReviewRecords['review']['approvals'] = []): ReviewRecords {
  const app = { id: 'a1', name: 'Customer lookup', owner: 'owner@example.com', backupOwner: 'teams:B' } as AppRecord;
  const revision = { id: 'r1', appId: 'a1', submittedBy: 'teams:SUBMITTER' } as RevisionRecord;
  const review = {
    id: 'v1',
    appId: 'a1',
    revisionId: 'r1',
    status: 'open' as const,
    requiredApprovals: [
      { role: 'security', count: 1 },
      { role: 'platform', count: 1 },
    ],
    version: 1,
    createdAt: AT,
    approvals,
  };
  return { app, revision, review };
}

/** The directory's records, found by any ref or the email. */
function directory(people: Person[]) {
  return {
    async lookup(refOrEmail: string) {
      const key = refOrEmail.toLowerCase();
      return people.find((p) => p.email === key || p.refs.some((r) => r.toLowerCase() === key));
    },
  };
}
const person = (id: string, refs: string[], email?: string): Person => ({
  id,
  refs,
  email,
  active: true,
  refreshedAt: AT,
});

function decidersOf(roles: Record<string, string[]>, people: Person[] = []) {
  const policy: Policy = {
    ...shipped,
    roles: Object.fromEntries(Object.entries(roles).map(([name, members]) => [name, { description: name, members }])),
  };
  return createDecidersOf({
    registry: {} as never,
    policy: () => policy,
    directory: directory(people),
  });
}

test('the roles the review needs take turns, each in roles.yaml order, so a cut keeps every role', async () => {
  const of = decidersOf({ security: ['teams:S1', 'teams:S2', 'teams:S3'], platform: ['teams:P1', 'teams:P2'] });
  const listed = await of('v1', records());
  expect(listed.map((d) => d.refs)).toEqual([['teams:S1'], ['teams:P1'], ['teams:S2'], ['teams:P2'], ['teams:S3']]);
});

test('someone known only by email is listed without refs; an owner known only by email, the backup owner, who already approved and roles already satisfied are not', async () => {
  const of = decidersOf({
    security: ['teams:P1', 'sam@example.com', 'OWNER@example.com', 'teams:B'],
    platform: ['teams:P1', 'pat@example.com'],
  });
  const listed = await of('v1', records([{ approver: 'teams:P1', role: 'platform', at: AT }]));
  expect(listed).toEqual([{ refs: [], email: 'sam@example.com' }]);
});

test('a person named twice (by ref and by email) is listed once, with every ref the directory knows', async () => {
  const ana = person('p1', ['teams:A', 'slack:UA'], 'ana@example.com');
  const of = decidersOf({ security: ['teams:A'], platform: ['ana@example.com'] }, [ana]);
  expect(await of('v1', records())).toEqual([{ refs: ['teams:A', 'slack:UA'], email: 'ana@example.com' }]);
});
