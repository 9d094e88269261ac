import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { cli, manifestDir } from '../support/cli-harness';
import type { SlackHarness } from '../support/slack-harness';
import { startSlackHarness } from '../support/slack-harness';
import { tier1 } from '../support/manifests';
import { policyCopy, withoutTeams } from '../support/test-policy';
import { waitFor } from '../support/wait-for';

/** Pat (UPLATFORM, in Europe/Berlin on the fake) is an admin too; Olivia (UOWNER) is not. */
function withPatAsAdmin(dir: string): void {
  withoutTeams(dir);
  const file = join(dir, 'roles.yaml');
  const roles = parse(readFileSync(file, 'utf8'));
  roles.roles.admin.members.push('slack:UPLATFORM');
  writeFileSync(file, stringify(roles));
}

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness({ policyDir: policyCopy(withPatAsAdmin) });
});
afterAll(() => h.close());

const dir = manifestDir({
  'zaps.csv': ['id,name,owner', 'z-1,Lead sync,ana@example.com', 'z-2,Invoice mailer,', 'z-3,Renewal nudger,'].join(
    '\n',
  ),
  'nudger.yaml': tier1({ name: 'Renewal nudger', owner: 'slack:UPLATFORM', externalRefs: ['zapier:z-3'] }),
});
const run = (...args: string[]) => cli(args, h.env, dir);

/** Opens App Home as `user` and returns the published view's text. */
async function home(user: string): Promise<string> {
  const publishes = () => h.slack.callsTo('views.publish').filter((c) => c.args.user_id === user);
  const before = publishes().length;
  await h.event({ type: 'app_home_opened', user, channel: 'D1', tab: 'home' }, `Ev-home-${user}-${Date.now()}`);
  await waitFor(() => publishes().length > before);
  return JSON.stringify(publishes().at(-1)!.args.view);
}

test('App Home shows admins discovery coverage, per source, with the count nobody registered; others never see it', async () => {
  expect(await home('UPLATFORM')).not.toContain('Discovery coverage');

  expect(await run('discover', 'import', '--source', 'zapier', 'zaps.csv')).toMatchObject({ code: 0 });
  expect(await run('register', '--file', 'nudger.yaml')).toMatchObject({ code: 0 });

  const admin = await home('UPLATFORM');
  expect(admin).toContain('Discovery coverage');
  expect(admin).toContain('33.3% of the apps and agents discovery found are registered: 1 of 3.');
  expect(admin).toMatch(
    /zapier: 1 of 3 registered \(33\.3%\), last complete scan \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} Europe\/Berlin/,
  );
  expect(admin).toContain(
    '2 items nobody has registered yet. To see the new ones, run: microapp discover list --state new',
  );

  const owner = await home('UOWNER');
  expect(owner).not.toContain('Discovery coverage');
  expect(owner).not.toContain('zapier');
}, 30_000);
