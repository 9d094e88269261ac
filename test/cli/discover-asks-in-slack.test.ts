import { randomBytes } from 'node:crypto';
import { cli, manifestDir } from '../support/cli-harness';
import { startFakeSlack } from '../support/fake-slack';
import { createTestDatabase } from '../support/test-databases';
import { policyCopy, withoutTeams } from '../support/test-policy';

type FakeSlack = Awaited<ReturnType<typeof startFakeSlack>>;

const ZAPS = ['id,name,owner', 'z-1,Lead sync,olivia@example.com', 'z-2,Old export,nobody@example.com'].join('\n');

describe('microapp discover run, with Slack configured and no bot running', () => {
  let slack: FakeSlack;
  let env: NodeJS.ProcessEnv;
  let drop: () => Promise<void>;
  const dir = manifestDir({ 'zaps.csv': ZAPS });
  const run = (...args: string[]) => cli(args, env, dir);
  const stateOf = async (id: string) =>
    JSON.parse((await run('discover', 'list', '--json')).out).find((i: { externalId: string }) => i.externalId === id)
      ?.state;

  beforeEach(async () => {
    slack = await startFakeSlack();
    const db = await createTestDatabase('sqlite');
    drop = db.drop;
    env = {
      POLICY_DIR: policyCopy(withoutTeams),
      DATABASE_URL: `sqlite:${db.target.kind === 'sqlite' ? db.target.file : ''}`,
      SLACK_BOT_TOKEN: 'xoxb-1-test-token',
      SLACK_SIGNING_SECRET: randomBytes(16).toString('hex'),
      SLACK_API_URL: slack.url,
    };
    const imported = await run('discover', 'import', '--source', 'zapier', 'zaps.csv');
    expect(imported).toMatchObject({ code: 0, err: '' });
  });
  afterEach(async () => {
    await slack.close();
    await drop();
  });

  test('looks makers up in Slack by email: the one Slack knows is asked, the one it does not is listed for the admins', async () => {
    const r = await run('discover', 'run');
    expect(r.out).toMatch(/Asked 1 person in chat about 1 new item; listed 1 item for 1 admin \(1 creator unknown/);
    expect(slack.callsTo('users.lookupByEmail').map((c) => c.args.email)).toEqual(
      expect.arrayContaining(['olivia@example.com', 'nobody@example.com']),
    );
    expect(await stateOf('z-1')).toBe('asked');
  });

  test('when Slack cannot answer, nobody is marked unknown: the items wait, and the next run asks', async () => {
    slack.fail('users.lookupByEmail', { ok: false, error: 'ratelimited' }, { status: 429, times: 10 });
    const r = await run('discover', 'run');
    expect(r.out).toMatch(/Nobody new to ask in chat; 2 items wait for the bot to look their creators up in chat/);
    expect(await stateOf('z-1')).toBe('new');
    expect(await stateOf('z-2')).toBe('new');

    slack.fail('users.lookupByEmail', { ok: false, error: 'ratelimited' }, { status: 429, times: 0 });
    expect((await run('discover', 'run')).out).toMatch(/Asked 1 person in chat about 1 new item; listed 1 item/);
    expect(await stateOf('z-1')).toBe('asked');
  });
});
