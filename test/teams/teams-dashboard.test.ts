import { cli } from '../support/cli-harness';
import { accountPage, signInLinkIn, signInWith } from '../support/sign-in-link';
import type { TeamsHarness } from '../support/teams-harness';
import { startTeamsHarness } from '../support/teams-harness';
import { DEFAULT_TEAM, USERS, adaptiveCards, personalConversationId } from '../support/teams-activities';
import { cardText } from '../support/teams-form';

let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeamsHarness();
  for (const u of [USERS.ana, USERS.pat]) expect((await h.say(u, 'help')).status).toBe(200);
});
afterAll(() => h.close());

const lastAnswerTo = (u: typeof USERS.ana) =>
  cardText(
    adaptiveCards(
      h.connector
        .sentTo(personalConversationId(u))
        .filter((s) => s.replyToId !== undefined)
        .at(-1)?.activity,
    )[0],
  );

test('dashboard in the personal chat: a one-time link that signs the person in; in a channel, no link', async () => {
  const before = h.connector.sent.length;
  await h.say(USERS.ana, 'dashboard', { team: DEFAULT_TEAM.name, channel: 'Work' });
  const inChannel = h.connector.sent
    .slice(before)
    .map((s) => cardText(adaptiveCards(s.activity)[0]))
    .join('\n');
  expect(inChannel).toMatch(/A sign-in link is sent only in a personal chat/);
  expect(signInLinkIn(inChannel)).toBeUndefined();

  await h.say(USERS.ana, 'dashboard');
  const text = lastAnswerTo(USERS.ana);
  expect(text).toMatch(/valid for 15 minutes, works once/);
  const link = signInLinkIn(text)!;
  expect(link).toMatch(new RegExp(`^http://localhost:${h.port()}/`));
  const page = await accountPage(link, await signInWith(link));
  expect(page.status).toBe(200);
  expect(page.text).toContain('Signed in as <strong>Ana Owner</strong> (ana@example.com)');
  expect(page.text).toContain('You see the apps you own, back up or submitted.');
  await expect(signInWith(link)).rejects.toThrow(/answered 410/);

  await h.say(USERS.pat, 'dashboard');
  const pat = signInLinkIn(lastAnswerTo(USERS.pat))!;
  expect((await accountPage(pat, await signInWith(pat))).text).toContain('you see every app');
});

test('microapp dashboard link --as prints a link an administrator hands over; a bad email is refused', async () => {
  const printed = await cli(
    ['dashboard', 'link', '--as', 'Ana@Example.com'],
    { ...h.env, PORT: String(h.port()) },
    '.',
  );
  expect(printed.code).toBe(0);
  expect(printed.out).toMatch(/^Sign-in link for Ana Owner \(ana@example\.com\), valid for 15 minutes, works once:\n/);
  const link = signInLinkIn(printed.out)!;
  expect(link).toMatch(new RegExp(`^http://localhost:${h.port()}/dashboard/sign-in/link\\?token=`));
  expect((await accountPage(link, await signInWith(link))).text).toContain('Ana Owner');

  const unknown = await cli(['dashboard', 'link', '--as', 'new@example.com'], h.env, '.');
  expect(unknown.code).toBe(0);
  expect(unknown.out).toContain('new@example.com is not in the people directory yet');

  const bad = await cli(['dashboard', 'link', '--as', 'ana'], h.env, '.');
  expect(bad.code).toBe(2);
  expect(bad.err).toContain('"ana" is not an email address');
  const missing = await cli(['dashboard', 'link'], h.env, '.');
  expect(missing.code).toBe(2);
  expect(missing.err).toContain('microapp dashboard link --as ana@example.com');
});

test('with PUBLIC_URL the printed link points there', async () => {
  const printed = await cli(
    ['dashboard', 'link', '--as', 'ana@example.com'],
    { ...h.env, PUBLIC_URL: 'https://microapp.example.com/' },
    '.',
  );
  expect(signInLinkIn(printed.out)).toMatch(/^https:\/\/microapp\.example\.com\/dashboard\/sign-in\/link\?token=/);
});
