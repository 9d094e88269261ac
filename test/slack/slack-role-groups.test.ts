import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { cli } from '../support/cli-harness';
import type { SlackCall } from '../support/fake-slack';
import { CHANNELS, USER_GROUPS } from '../support/fake-slack';
import type { Fill, SlackHarness } from '../support/slack-harness';
import { buttonClick, startSlackHarness } from '../support/slack-harness';
import { policyCopy, withoutTeams } from '../support/test-policy';
import { waitFor } from '../support/wait-for';

/** The reviewer role is held only through a Slack user group, by its handle; security by a group id. */
const policyDir = policyCopy((dir) => {
  withoutTeams(dir);
  writeFileSync(
    join(dir, 'roles.yaml'),
    stringify({
      roles: {
        reviewer: { description: 'Reviewers', members: ['slack-group:@app-reviewers'] },
        security: { description: 'Security', members: ['slack-group:S0SECURITY1'] },
        platform: { description: 'Platform', members: ['slack:UPLATFORM'] },
        'fallback-reviewer': { description: 'Fallback', members: ['slack:UPLATFORM'] },
        admin: { description: 'Admins', members: ['slack:UADMIN'] },
      },
    }),
  );
});

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness({ policyDir, roleGroupsTickMs: 100 });
});
afterAll(() => h.close());

const tier2: Record<string, Fill> = {
  purpose: 'Routes the team inbox to the right person.',
  audience: 'team',
  data: ['internal'],
  expectedUsers: 12,
  businessUnit: 'Operations',
  backupOwner: 'UPLATFORM',
  decommissionPlan: 'Turn it off and delete the sheet.',
  controls: ['logging', 'rollback'],
};
const text = (call: SlackCall | undefined) => JSON.stringify(call?.args ?? {});
const cardPosts = (name: string) =>
  h.slack
    .callsTo('chat.postMessage')
    .filter((c) => Object.values(CHANNELS).includes(String(c.args.channel)) && text(c).includes(name));
const approveButton = (call: SlackCall) =>
  (call.args.blocks as { type: string; elements?: { action_id: string; value: string }[] }[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? [])
    .find((e) => e.action_id === 'microapp.review.approve')!;
const ephemerals = () => h.slack.callsTo('chat.postEphemeral');

test('the bot reads the groups at start: the handle through usergroups.list, the members through usergroups.users.list', () => {
  expect(h.slack.callsTo('usergroups.list').at(-1)!.args).toMatchObject({ include_disabled: 'false' });
  expect(
    h.slack
      .callsTo('usergroups.users.list')
      .map((c) => c.args.usergroup)
      .sort(),
  ).toEqual(['S0REVIEWERS', 'S0SECURITY1']);
});

test('a member of the user group approves a tier-2 app; someone outside it gets the plain refusal', async () => {
  expect((await h.register('UOWNER', { ...tier2, name: 'Group approved' })).answer).toEqual({ kind: 'closed' });
  await waitFor(() => cardPosts('Group approved').length === 1);
  const approve = approveButton(cardPosts('Group approved')[0]!);

  let n = ephemerals().length;
  await h.interact(buttonClick('USTRANGER', approve.action_id, approve.value));
  await waitFor(() => ephemerals().length > n);
  expect(ephemerals().at(-1)!.args).toMatchObject({
    user: 'USTRANGER',
    text: expect.stringMatching(/needs someone with the reviewer role/),
  });
  expect(ephemerals().at(-1)!.args.text).not.toMatch(/slack-group|S0REVIEWERS/);

  n = h.slack.callsTo('chat.update').length;
  await h.interact(buttonClick('UGROUPIE', approve.action_id, approve.value));
  await waitFor(() =>
    h.slack
      .callsTo('chat.update')
      .slice(n)
      .some((c) => text(c).includes('Group approved')),
  );
  expect(text(h.slack.callsTo('chat.update').at(-1))).toContain('Approved by Gina Groupie');
});

test("the CLI lists the role by the group members' names, the group each came from and its last read", async () => {
  const { code, out } = await cli(['roles', 'list'], h.env, process.cwd());
  expect(code).toBe(0);
  const reviewer = out.slice(out.indexOf('reviewer: Reviewers'), out.indexOf('security: Security'));
  expect(reviewer).toContain('  - Rae Reviewer <rae@example.com> (from slack-group:@app-reviewers)\n');
  expect(reviewer).toContain('  - Gina Groupie <gina@example.com> (from slack-group:@app-reviewers)\n');
  expect(reviewer).toMatch(/ {2}group slack-group:@app-reviewers: read \d+ \w+ \d{4}, \d\d:\d\d UTC, 2 members\n/);
  expect(out).not.toContain('slack:UGROUPIE');
});

test('after a restart while Slack refuses the user group calls, the last known members still hold the role, with one warning each and the fix', async () => {
  h.slack.fail('usergroups.list', { ok: false, error: 'missing_scope', needed: 'usergroups:read' }, { times: 1 });
  h.slack.fail('usergroups.users.list', { ok: false, error: 'missing_scope', needed: 'usergroups:read' }, { times: 1 });
  const logsBefore = h.logs.length;
  await h.restart();
  const warnings = h.logs.slice(logsBefore).filter((l) => l.includes('could not be read'));
  expect(warnings).toHaveLength(2);
  expect(warnings.join('\n')).toMatch(
    /slack-group:@app-reviewers could not be read; its last known members \(2\) stay/,
  );
  expect(warnings.join('\n')).toContain('Add the bot scope usergroups:read');

  expect((await h.register('UOWNER', { ...tier2, name: 'Still approvable' })).answer).toEqual({ kind: 'closed' });
  await waitFor(() => cardPosts('Still approvable').length === 1);
  const approve = approveButton(cardPosts('Still approvable')[0]!);
  const n = h.slack.callsTo('chat.update').length;
  await h.interact(buttonClick('UGROUPIE', approve.action_id, approve.value));
  await waitFor(() =>
    h.slack
      .callsTo('chat.update')
      .slice(n)
      .some((c) => text(c).includes('Still approvable')),
  );
  expect(text(h.slack.callsTo('chat.update').at(-1))).toContain('Approved by Gina Groupie');

  const { code, out } = await cli(['roles', 'list'], h.env, process.cwd());
  expect(code).toBe(1);
  expect(out).toContain(
    '    slack-group:@app-reviewers cannot be read: the bot token lacks the scope usergroups:read.',
  );
  expect(out).toContain('Fix: Add the bot scope usergroups:read under OAuth & Permissions');
});

test('microapp roles refresh reads the groups again and says what it found', async () => {
  const { code, out } = await cli(['roles', 'refresh'], h.env, process.cwd());
  expect(out).toContain('slack-group:@app-reviewers: 2 members.');
  expect(out).toContain('slack-group:S0SECURITY1: 1 member.');
  expect(code).toBe(0);
});

test('someone taken out of the user group loses the role once `microapp roles refresh` has read it: the running bot takes it in at its next look', async () => {
  expect((await h.register('UOWNER', { ...tier2, name: 'After the change' })).answer).toEqual({ kind: 'closed' });
  await waitFor(() => cardPosts('After the change').length === 1);
  const approve = approveButton(cardPosts('After the change')[0]!);
  const members = USER_GROUPS.S0REVIEWERS!.users;
  USER_GROUPS.S0REVIEWERS!.users = ['UREVIEWER'];
  try {
    expect((await cli(['roles', 'refresh'], h.env, process.cwd())).out).toContain(
      'slack-group:@app-reviewers: 1 member.',
    );
  } finally {
    USER_GROUPS.S0REVIEWERS!.users = members;
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  const n = ephemerals().length;
  await h.interact(buttonClick('UGROUPIE', approve.action_id, approve.value));
  await waitFor(() => ephemerals().length > n);
  expect(ephemerals().at(-1)!.args).toMatchObject({
    user: 'UGROUPIE',
    text: expect.stringMatching(/needs someone with the reviewer role/),
  });
});
