import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createRefreshRoleGroups } from '../../src/app/roles/refresh-role-groups';
import type { AppError } from '../../src/domain/errors';
import { createLogger } from '../../src/log/logger';
import { createPeopleDirectory } from '../../src/people/people-directory';
import { roleFindings } from '../../src/app/doctor/run-doctor';
import { expandRoles } from '../../src/policy/expand-roles';
import { loadPolicy } from '../../src/policy/load-policy';
import type { Policy } from '../../src/policy/policy';
import { refersTo } from '../../src/domain/actor';
import type { GroupDirectory } from '../../src/ports/group-directory';
import { GroupDirectoryError } from '../../src/ports/group-directory';
import { policyCopy } from '../support/test-policy';
import { createTestRegistry } from '../support/test-databases';

const ENTRA = 'entra-group:aaaaaaaa-0000-4000-8000-000000000001';

function withRoles(members: Record<string, string[]>): string {
  return policyCopy((dir) =>
    writeFileSync(
      join(dir, 'roles.yaml'),
      stringify({
        roles: Object.fromEntries(
          ['reviewer', 'security', 'platform', 'fallback-reviewer', 'admin'].map((r) => [
            r,
            { description: r, members: members[r] ?? ['slack:UADMIN'] },
          ]),
        ),
      }),
    ),
  );
}

test('group entries are checked when the policy loads, each problem saying how to write it', async () => {
  const dir = withRoles({
    reviewer: ['slack-group:', 'slack-group:@', 'slack-group:s01', 'entra-group:not-a-guid', 'slack-group:@ok', ENTRA],
  });
  const problems = await loadPolicy(dir).then(
    () => [],
    (e: AppError) => e.details.problems ?? [],
  );
  expect(problems).toHaveLength(4);
  expect(problems[0]).toMatch(
    /roles\.reviewer\.members\.0: "slack-group:" names no Slack user group: write slack-group:@handle/,
  );
  expect(problems[1]).toMatch(/"slack-group:@" names no Slack user group/);
  expect(problems[2]).toMatch(/"slack-group:s01" is not a Slack user group: write its handle after an @/);
  expect(problems[3]).toMatch(
    /"entra-group:not-a-guid" is not a Microsoft Entra group: write the group's object id, a GUID/,
  );
});

test("the expanded policy puts each group's last known members in its place, once each; an unread group adds nobody", async () => {
  const policy = await loadPolicy(
    withRoles({
      reviewer: ['slack:UREVIEWER', 'slack-group:@Reviewers', ENTRA],
      security: ['slack-group:S0NEVERREAD'],
    }),
  );
  const expanded = expandRoles(policy, [
    {
      key: 'slack-group:@reviewers',
      members: [{ ref: 'slack:UREVIEWER' }, { ref: 'slack:UGROUPIE' }],
      attemptedAt: '',
    },
    {
      key: ENTRA,
      members: [{ ref: 'teams:a1', email: 'rae@example.com' }, { email: 'una@example.com' }],
      attemptedAt: '',
    },
  ]);
  expect(expanded.roles.reviewer!.members).toEqual([
    'slack:UREVIEWER',
    'slack:UGROUPIE',
    'teams:a1',
    'una@example.com',
  ]);
  expect(expanded.roles.security!.members).toEqual([]);
  expect(policy.roles.reviewer!.members).toContain('slack-group:@Reviewers');
  expect(expanded.roles.reviewer!.members.some((m) => refersTo(m, { platform: 'teams', userId: 'A1' }))).toBe(true);
});

describe('refreshing the groups', () => {
  let registry: Awaited<ReturnType<typeof createTestRegistry>>;
  let policy: Policy;
  let now: Date;
  let current: Policy | undefined;
  const logs: string[] = [];
  beforeEach(async () => {
    registry = await createTestRegistry('sqlite');
    policy = await loadPolicy(withRoles({ reviewer: ['slack-group:@reviewers', ENTRA] }));
    now = new Date('2026-12-07T10:00:00.000Z');
    logs.length = 0;
  });
  afterEach(() => registry.close());

  const refresh = (directories: GroupDirectory[]) =>
    createRefreshRoleGroups({
      policy,
      store: registry.roleGroups,
      directories,
      people: createPeopleDirectory({ people: registry.people, messengers: new Map(), clock: { now: () => now } }),
      clock: { now: () => now },
      logger: createLogger({ level: 'warn', write: (l) => logs.push(l) }),
      swap: (p) => {
        current = p;
      },
    });
  const slack = (read: () => Promise<{ ref: string }[]>): GroupDirectory => ({ kind: 'slack-group', members: read });
  const entra: GroupDirectory = {
    kind: 'entra-group',
    members: async () => [{ ref: 'teams:a1', email: 'rae@example.com', displayName: 'Rae Reviewer' }],
  };

  test('reads every group, swaps in the expanded policy and tells the people directory the names learned', async () => {
    const results = await refresh([slack(async () => [{ ref: 'slack:U1' }]), entra])({ force: true });
    expect(results.map((r) => [r.key, r.outcome, r.members])).toEqual([
      ['slack-group:@reviewers', 'read', 1],
      [ENTRA, 'read', 1],
    ]);
    expect(current!.roles.reviewer!.members).toEqual(['slack:U1', 'teams:a1']);
    expect(await registry.people.find('teams:a1')).toMatchObject({
      displayName: 'Rae Reviewer',
      email: 'rae@example.com',
    });
  });

  test('a group read within the refresh period is left alone; a failing one keeps its members and warns once with the fix', async () => {
    let calls = 0;
    const reviewers = slack(async () => {
      calls += 1;
      if (calls > 1)
        throw new GroupDirectoryError({
          code: 'group.missing_permission',
          problem: 'No scope.',
          fix: 'Add usergroups:read.',
        });
      return [{ ref: 'slack:U1' }];
    });
    await refresh([reviewers, entra])({ force: true });
    now = new Date(now.getTime() + 60 * 60_000);
    expect((await refresh([reviewers, entra])({ staleAfterMs: 6 * 3_600_000 })).map((r) => r.outcome)).toEqual([
      'fresh',
      'fresh',
    ]);
    expect(calls).toBe(1);
    now = new Date(now.getTime() + 6 * 3_600_000);
    const results = await refresh([reviewers])({ staleAfterMs: 6 * 3_600_000 });
    expect(results.map((r) => [r.outcome, r.fix])).toEqual([
      ['failed', 'Add usergroups:read.'],
      ['failed', expect.stringContaining('GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET')],
    ]);
    expect(current!.roles.reviewer!.members).toEqual(['slack:U1', 'teams:a1']);
    expect(logs.filter((l) => l.includes('could not be read'))).toHaveLength(2);
    expect(logs.join('\n')).toContain('Fix: Add usergroups:read.');
  });
});

test('the doctor counts a role whose groups are all empty as empty', async () => {
  const policy = await loadPolicy(withRoles({ reviewer: ['slack-group:@reviewers', ENTRA] }));
  const expanded = expandRoles(policy, [
    { key: 'slack-group:@reviewers', members: [], readAt: '2026-12-07T10:00:00.000Z', attemptedAt: '' },
  ]);
  expect(roleFindings(policy, 'policies').map((f) => f.subject)).not.toContain('reviewer');
  expect(roleFindings(expanded, 'policies')).toContainEqual(
    expect.objectContaining({
      subject: 'reviewer',
      problem: expect.stringMatching(/The role "reviewer" has no members, and tier 2 approvals need it/),
      fix: expect.stringContaining('a group that has people'),
    }),
  );
});
