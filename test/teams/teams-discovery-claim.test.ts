import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIONS } from '../../src/views/action-ids';
import { cli, manifestDir } from '../support/cli-harness';
import type { TeamsHarness } from '../support/teams-harness';
import { startTeamsHarness } from '../support/teams-harness';
import { USERS, adaptiveCards, personalConversationId, teamsRef } from '../support/teams-activities';
import { cardText, elements, registerInTeams } from '../support/teams-form';

let h: TeamsHarness;
let dir: string;
const run = (...args: string[]) => cli(args, h.env, dir);
const questionsTo = (u: typeof USERS.ana) =>
  h.connector
    .sentTo(personalConversationId(u))
    .map((s) => adaptiveCards(s.activity)[0])
    .filter((c) => /yours\?/.test(cardText(c)));

beforeAll(async () => {
  h = await startTeamsHarness();
  for (const u of [USERS.ana, USERS.otto]) expect((await h.say(u, 'help')).status).toBe(200);
  dir = manifestDir({});
  writeFileSync(
    join(dir, 'zaps.csv'),
    ['id,name,owner', `z-1,Invoice chaser,${teamsRef(USERS.ana)}`, 'z-2,Old report,ana@example.com'].join('\n'),
  );
  // Working hours all day, every day (read by the CLI that asks), so no question waits for the morning.
  writeFileSync(
    join(h.policyDir, 'policy.yaml'),
    readFileSync(join(h.policyDir, 'policy.yaml'), 'utf8')
      .replace(/workingHours: "09:00-17:00"/, 'workingHours: "00:00-24:00"')
      .replace(/workingDays: \[mon, tue, wed, thu, fri\]/, 'workingDays: [mon, tue, wed, thu, fri, sat, sun]'),
  );
});
afterAll(() => h.close());

test('in Teams the maker is asked with a card: Not mine and retired answer in words (others are refused), Register it opens the filled-in dialog', async () => {
  expect((await run('discover', 'import', '--source', 'zapier', 'zaps.csv')).code).toBe(0);
  expect((await run('discover', 'run')).out).toMatch(/Asked 1 person in chat about 2 new items/);
  await h.connector.waitFor(() => (questionsTo(USERS.ana).length === 2 ? true : undefined));
  const card = questionsTo(USERS.ana).find((c) => /Invoice chaser/.test(cardText(c)))!;
  const actions = elements(card).filter((e) => String(e.type).startsWith('Action.'));
  expect(actions.filter((a) => a.type === 'Action.Execute').map((a) => a.verb)).toEqual([
    ACTIONS.discoveredNotMine,
    ACTIONS.discoveredRetired,
  ]);
  const register = actions.find((a) => a.data?.action === ACTIONS.registerDiscovered)!;
  expect(register).toMatchObject({
    type: 'Action.Submit',
    data: { msteams: { type: 'task/fetch' }, value: 'zapier:z-1' },
  });

  const refused = await h.cardAction(USERS.otto, ACTIONS.discoveredNotMine, { value: 'zapier:z-1' });
  expect(String(refused.body.value)).toMatch(/went to someone else/);
  const other = questionsTo(USERS.ana).find((c) => /Old report/.test(cardText(c)))!;
  const retired = elements(other).find((e) => e.verb === ACTIONS.discoveredRetired)!;
  const answered = await h.cardAction(USERS.ana, ACTIONS.discoveredRetired, retired.data);
  expect(String(answered.body.value)).toMatch(/"Old report" is recorded as retired/);
  const listed = (await run('discover', 'list', '--source', 'zapier')).out;
  expect(listed).toMatch(/"Old report" \(workflow\): retired, as Ana Owner <ana@example\.com> said on /);
  expect(listed).toMatch(
    /"Invoice chaser" \(workflow\): not registered; Ana Owner <ana@example\.com> was asked in chat on /,
  );

  const { answer, cards } = await registerInTeams(
    h,
    USERS.ana,
    {
      name: 'Invoice chaser',
      purpose: 'Chases unpaid invoices by email.',
      audience: 'personal',
      data: ['public'],
    },
    register.data,
  );
  expect(cardText(cards[0])).toMatch(/This registers "Invoice chaser", found in the zapier import/);
  expect(answer.kind).toBe('closed');
  const status = JSON.parse((await run('discover', 'status', '--json')).out);
  expect(status.sources).toEqual([expect.objectContaining({ source: 'zapier', discovered: 1, registered: 1 })]);
}, 60_000);
