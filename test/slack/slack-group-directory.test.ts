import { slackGroupDirectory } from '../../adapters/slack/slack-group-directory';
import { parseGroupEntry } from '../../src/domain/role-group';
import type { GroupDirectoryError } from '../../src/ports/group-directory';
import type { FakeSlack } from '../support/fake-slack';
import { startFakeSlack } from '../support/fake-slack';

let slack: FakeSlack;
beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(() => slack.close());

const directory = () => slackGroupDirectory({ botToken: 'xoxb-1-test-token', apiUrl: slack.url }, { retries: 0 });
const members = (entry: string) => directory().members(parseGroupEntry(entry)!);
const failure = (entry: string) =>
  members(entry).then(
    () => {
      throw new Error(`${entry} was read`);
    },
    (e: GroupDirectoryError) => e,
  );

test('a group by id or by handle (any case) lists its members as Slack refs', async () => {
  expect(await members('slack-group:S0SECURITY1')).toEqual([{ ref: 'slack:USECURITY' }]);
  expect(await members('slack-group:@App-Reviewers')).toEqual([{ ref: 'slack:UREVIEWER' }, { ref: 'slack:UGROUPIE' }]);
});

test("a disabled group's handle is unknown, and the fix says where to check it", async () => {
  const error = await failure('slack-group:@old-reviewers');
  expect(error.code).toBe('group.unknown');
  expect(error.message).toBe('slack-group:@old-reviewers: no enabled Slack user group has the handle @old-reviewers.');
  expect(error.fix).toMatch(/People > User groups/);
});

test('an unknown id is named in the fix', async () => {
  const error = await failure('slack-group:S0NOSUCH99');
  expect(error.code).toBe('group.unknown');
  expect(error.fix).toContain('correct slack-group:S0NOSUCH99 in roles.yaml');
});

test('a token without usergroups:read is told to add the scope and reinstall', async () => {
  slack.fail('usergroups.users.list', { ok: false, error: 'missing_scope', needed: 'usergroups:read' });
  const error = await failure('slack-group:S0SECURITY1');
  expect(error.code).toBe('group.missing_permission');
  expect(error.fix).toMatch(/Add the bot scope usergroups:read .* reinstall the app and update SLACK_BOT_TOKEN/);
});
