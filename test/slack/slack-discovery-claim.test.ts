import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIONS } from '../../src/views/action-ids';
import { cli, manifestDir } from '../support/cli-harness';
import type { FakeGraph } from '../support/fake-graph';
import { GRAPH_APP, fakeTeamsApp, startFakeGraph } from '../support/fake-graph';
import { tier1 } from '../support/manifests';
import type { SlackHarness } from '../support/slack-harness';
import { buttonClick, fillForm, formSession, startSlackHarness } from '../support/slack-harness';
import { policyCopy, withoutTeams } from '../support/test-policy';
import { waitFor } from '../support/wait-for';

const NUDGER = 'e0000000-0000-4000-8000-000000000001';
const EXPENSE = 'e0000000-0000-4000-8000-000000000002';
const LEAVE = 'e0000000-0000-4000-8000-000000000003';
/** Olivia as Microsoft Graph knows her: the fake Slack knows the same email as UOWNER. */
const olivia = { id: 'b0000000-0000-4000-8000-0000000000c1', displayName: 'Olivia Owner' };

let graph: FakeGraph;
let h: SlackHarness;
let dir: string;
const run = (...args: string[]) => cli(args, h.env, dir);
const status = async () =>
  JSON.parse((await run('discover', 'status', '--json')).out).sources.find(
    (s: { source: string }) => s.source === 'teams-apps',
  );
const dmsTo = (user: string, pattern: RegExp) =>
  h.slack
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === `D-${user}` && pattern.test(JSON.stringify(c.args)));

beforeAll(async () => {
  graph = await startFakeGraph({
    users: [{ ...olivia, mail: 'olivia@example.com', userPrincipalName: 'olivia@example.com' }],
    teamsApps: [
      fakeTeamsApp(NUDGER, 'Renewal nudger'),
      fakeTeamsApp(EXPENSE, 'Expense bot', { creator: olivia, bot: true }),
      fakeTeamsApp(LEAVE, 'Leave tracker', { publishingState: 'submitted' }),
    ],
  });
  // Working hours all week, all day, so a question is never held for the morning while the test waits.
  const policyDir = policyCopy((d) => {
    withoutTeams(d);
    const file = join(d, 'policy.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace(/workingHours: "09:00-17:00"/, 'workingHours: "00:00-24:00"')
        .replace(/workingDays: \[mon, tue, wed, thu, fri\]/, 'workingDays: [mon, tue, wed, thu, fri, sat, sun]'),
    );
  });
  h = await startSlackHarness({
    policyDir,
    env: {
      GRAPH_TENANT_ID: GRAPH_APP.tenantId,
      GRAPH_CLIENT_ID: GRAPH_APP.clientId,
      GRAPH_CLIENT_SECRET: GRAPH_APP.clientSecret,
      GRAPH_API_URL: graph.url,
      MICROSOFT_LOGIN_URL: graph.url,
    },
  });
  dir = manifestDir({
    'nudger.yaml': tier1({ name: 'Renewal nudger', owner: 'slack:UOWNER', externalRefs: [`teams-apps:${NUDGER}`] }),
  });
}, 30_000);
afterAll(async () => {
  await h.close();
  await graph.close();
});

test('a Teams catalog scan: 1 of 3 registered; the creator of one is asked once in Slack; Register it opens the filled-in form and moves coverage to 2 of 3', async () => {
  expect(await run('register', '--file', 'nudger.yaml')).toMatchObject({ code: 0 });
  // The bot scans its configured sources when it starts; a run meanwhile leaves the scan to it.
  expect(await run('discover', 'run', '--source', 'teams-apps')).toMatchObject({ code: 0, err: '' });
  for (let i = 0; i < 500 && !(await status()).lastScanAt; i++) await new Promise((r) => setTimeout(r, 20));
  expect(await status()).toMatchObject({ discovered: 3, registered: 1, unregistered: 2 });

  await waitFor(() => dmsTo('UOWNER', /Is .{0,2}Expense bot.{0,2} yours/).length > 0, 10_000);
  const [question] = dmsTo('UOWNER', /Is .{0,2}Expense bot.{0,2} yours/);
  const text = JSON.stringify(question!.args.blocks);
  expect(text).toContain('the Teams app catalog');
  for (const label of ['Register it', 'Not mine', "It's retired"]) expect(text).toContain(label);

  expect(await run('discover', 'run', '--source', 'teams-apps')).toMatchObject({ code: 0 });
  await new Promise((r) => setTimeout(r, 500));
  expect(dmsTo('UOWNER', /Is .{0,2}Expense bot.{0,2} yours/)).toHaveLength(1);
  expect(dmsTo('UOWNER', /Is .{0,2}(Leave tracker|Renewal nudger).{0,2} yours/)).toHaveLength(0);
  // Leave tracker has no creator the directory can reach: the admin hears of it instead.
  await waitFor(() => dmsTo('UADMIN', /Leave tracker/).length === 1, 10_000);

  const ref = `teams-apps:${EXPENSE}`;
  const stranger = buttonClick('USTRANGER', ACTIONS.discoveredNotMine, ref, 'D-USTRANGER');
  expect((await h.interact(stranger)).status).toBe(200);
  await waitFor(() => h.slack.callsTo('chat.postEphemeral').some((c) => c.args.user === 'USTRANGER'), 5000);
  expect(String(h.slack.callsTo('chat.postEphemeral').find((c) => c.args.user === 'USTRANGER')!.args.text)).toMatch(
    /went to someone else.*register it/i,
  );

  const click = buttonClick('UOWNER', ACTIONS.registerDiscovered, ref, 'D-UOWNER');
  expect((await h.interact(click)).status).toBe(200);
  await waitFor(() => h.slack.callsTo('views.open').some((c) => c.args.trigger_id === click.trigger_id), 5000);
  const opened = h.slack.callsTo('views.open').find((c) => c.args.trigger_id === click.trigger_id)!.args.view;
  const form = formSession(h.interact, 'UOWNER', opened);
  expect(form.input('name').element.initial_value).toBe('Expense bot');
  expect(JSON.stringify(opened.blocks)).toContain(ref);

  const { answer } = await fillForm(form, {
    purpose: 'Files my expense receipts into the monthly claim.',
    audience: 'personal',
    data: ['public'],
  });
  expect(answer).toEqual({ kind: 'closed' });
  expect(await status()).toMatchObject({ discovered: 3, registered: 2, unregistered: 1 });
  const listed = JSON.parse((await run('discover', 'list', '--source', 'teams-apps', '--json')).out);
  expect(listed.find((i: { ref: string }) => i.ref === ref)).toMatchObject({
    state: 'registered',
    matchedApp: { name: 'Expense bot' },
  });
}, 60_000);
