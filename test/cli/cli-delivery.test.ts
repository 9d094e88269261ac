import { CHANNELS } from '../support/fake-slack';
import { cli, manifestDir } from '../support/cli-harness';
import { tier2 } from '../support/manifests';
import type { SlackHarness } from '../support/slack-harness';
import { startSlackHarness } from '../support/slack-harness';
import { waitFor } from '../support/wait-for';

let h: SlackHarness;
let dir: string;
beforeAll(async () => {
  h = await startSlackHarness();
  dir = manifestDir({
    'router.yaml': tier2({ name: 'CLI router', owner: 'olivia@example.com' }),
    'later.yaml': tier2({ name: 'Registered while down', owner: 'olivia@example.com' }),
    'ghost.yaml': tier2({ name: 'Ghost owned', owner: 'nobody@example.com' }),
  });
});
afterAll(() => h.close());

const reviews = CHANNELS['microapp-reviews']!;
const cards = (name: string) => h.slack.messagesIn(reviews).filter((m) => String(m.text).includes(name));
const dms = (user: string, pattern: RegExp) =>
  h.slack
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === `D-${user}` && pattern.test(JSON.stringify(c.args)));

test('a tier-2 registration from the CLI reaches the reviewer channel and the owner, through the running bot', async () => {
  const r = await cli(['register', '--file', 'router.yaml'], h.env, dir);
  expect(r).toMatchObject({
    code: 0,
    out: expect.stringMatching(/Approval cards are queued for #microapp-reviews; the running bot posts them/),
  });
  await waitFor(() => cards('CLI router').length === 1, 5000);
  await waitFor(
    () => dms('UOWNER', /tester \(command line\) registered .*CLI router.* and named you as its owner/).length === 1,
    5000,
  );
});

test('a card queued while the bot is down is posted when it starts again; deliveries shows it waiting meanwhile', async () => {
  await h.restart(true);
  expect((await cli(['register', '--file', 'later.yaml'], h.env, dir)).code).toBe(0);
  const waiting = await cli(['deliveries', '--status', 'pending'], h.env, dir);
  expect(waiting.out).toMatch(
    /approval card about "Registered while down" to #microapp-reviews on Slack: (due now|pending since .*: the bot is not running)/,
  );
  await h.restart();
  await waitFor(() => cards('Registered while down').length === 1, 5000);
});

test("reviews repost posts an open review's card again, and the decision updates every copy", async () => {
  const r = await cli(['reviews', 'repost', 'CLI router'], h.env, dir);
  expect(r).toMatchObject({ code: 0, out: expect.stringMatching(/queued for #microapp-reviews/) });
  await waitFor(() => cards('CLI router').length === 2, 5000);
  expect(await cli(['reviews', 'repost', 'Nothing by that name'], h.env, dir)).toMatchObject({
    code: 2,
    err: expect.stringMatching(/No app/),
  });
});

test('an owner nobody can reach: admins are told, and deliveries lists it as undeliverable with the fix', async () => {
  expect((await cli(['register', '--file', 'ghost.yaml'], h.env, dir)).code).toBe(0);
  await waitFor(() => dms('UADMIN', /could not reach someone.*nobody@example\.com/).length === 1, 5000);
  const failed = await cli(['deliveries', '--status', 'undeliverable'], h.env, dir);
  expect(failed.out).toMatch(
    /notice \(registered for you\) about "Ghost owned" to nobody@example\.com: undeliverable: Nobody with that address is known on slack/,
  );
});
