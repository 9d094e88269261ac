import type { TeamsHarness } from '../support/teams-harness';
import { startTeamsHarness } from '../support/teams-harness';
import type { TeamsUser } from '../support/teams-activities';
import { DEFAULT_TEAM, USERS, adaptiveCards, channelId, personalConversationId } from '../support/teams-activities';
import type { TeamsFill } from '../support/teams-form';
import {
  cardText,
  elements,
  errorUnder,
  inputIds,
  registerInTeams,
  submitForm,
  dialogAnswer,
} from '../support/teams-form';

let h: TeamsHarness;
const reviews = { team: DEFAULT_TEAM.name, channel: 'Micro app reviews' };
const security = { team: DEFAULT_TEAM.name, channel: 'Micro app security reviews' };
const reviewChannel = channelId(DEFAULT_TEAM.name, 'Micro app reviews');
const securityChannel = channelId(DEFAULT_TEAM.name, 'Micro app security reviews');

beforeAll(async () => {
  h = await startTeamsHarness();
  for (const u of [USERS.ana, USERS.rita, USERS.sam, USERS.sec, USERS.pat, USERS.otto])
    expect((await h.say(u, 'help')).status).toBe(200);
  expect(cardText(lastReplyIn(personalConversationId(USERS.otto)))).toMatch(/register: register a micro app/);
  await h.say(USERS.pat, 'route tier 2 here', reviews);
  await h.say(USERS.pat, 'route security here', security);
});
afterAll(() => h.close());

const base: Record<string, TeamsFill> = {
  purpose: 'Tidies my meeting notes every week.',
  audience: 'personal',
  data: ['internal'],
};
const tier2: Record<string, TeamsFill> = {
  ...base,
  audience: 'team',
  expectedUsers: 12,
  businessUnit: 'Operations',
  backupOwner: USERS.sec,
  decommissionPlan: 'Turn it off and delete the sheet.',
  controls: ['logging', 'rollback'],
};
const tier3: Record<string, TeamsFill> = {
  ...tier2,
  backupOwner: USERS.otto,
  audience: 'organization',
  expectedUsers: 300,
  data: ['customer'],
  systems: ['salesforce'],
  'system.salesforce': 'read',
  retentionDays: 90,
  healthEndpoint: 'https://x.example.com/health',
  controls: ['incidentContact', 'encryption', 'dlp', 'logging', 'rollback'],
};

/** The bot's last answer to something typed in a conversation: a reply, so outbox messages landing meanwhile (sends) are not mistaken for it. */
function lastReplyIn(conversationId: string) {
  const replies = h.connector.sentTo(conversationId).filter((s) => s.replyToId !== undefined);
  return adaptiveCards(replies.at(-1)?.activity)[0];
}
const cardsIn = (conversationId: string, name: string) =>
  h.connector.sentTo(conversationId).filter((s) => cardText(adaptiveCards(s.activity)).includes(name));
const toOwner = (name: string) => cardsIn(personalConversationId(USERS.ana), name);
const verbs = (card: unknown) =>
  elements(card)
    .filter((e) => e.type === 'Action.Execute')
    .map((e) => e.verb);
const click = async (u: TeamsUser, verb: string, reviewId: string, extra: Record<string, unknown> = {}) => {
  const r = await h.cardAction(u, verb, { action: `microapp.review.${verb}`, value: reviewId, ...extra }, reviews);
  expect(r.status).toBe(200);
  expect(r.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  return r.body.value as Record<string, any>;
};
const reviewIdOf = (card: Record<string, any>) =>
  card.refresh?.action?.data?.value ??
  elements(card).find((e) => e.data?.action === 'microapp.review.approve')?.data.value;

async function registered(name: string, answers: Record<string, TeamsFill>, channel: string) {
  const { answer } = await registerInTeams(h, USERS.ana, { ...answers, name });
  expect(answer).toMatchObject({ kind: 'closed', message: expect.stringContaining(name) });
  const posted = await h.connector.waitFor(() => cardsIn(channel, name)[0]);
  return { posted, card: adaptiveCards(posted.activity)[0]! };
}

test('tier 1: the dialog closes and the owner gets the assessment in their chat, approved at once', async () => {
  const { answer, cards } = await registerInTeams(h, USERS.ana, { ...base, name: 'Notes tidier' });
  expect(cards).toHaveLength(1);
  expect(answer).toEqual({ kind: 'closed', message: expect.stringMatching(/"Notes tidier": approved/) });
  const summary = await h.connector.waitFor(() => toOwner('Notes tidier')[0]);
  expect(cardText(adaptiveCards(summary.activity))).toMatch(/Approved automatically/);
});

test('tier 2: reviewers alone get buttons; strangers and owners are refused; the approval updates the channel copy and tells the owner', async () => {
  const { posted, card } = await registered('Inbox router', tier2, reviewChannel);
  expect(card.version).toBe('1.5');
  expect(JSON.stringify(card)).toMatch(
    /"Waiting for: Reviewer\. Opened \{\{DATE\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, SHORT\)\}\}\."/,
  );
  expect(verbs(card)).not.toContain('approve');
  expect(card.refresh).toMatchObject({
    action: { type: 'Action.Execute', verb: 'refresh' },
    userIds: expect.arrayContaining([USERS.rita.id]),
  });
  expect(card.refresh.userIds).not.toContain(USERS.otto.id);
  const reviewId = reviewIdOf(card);

  expect(verbs(await click(USERS.rita, 'refresh', reviewId))).toEqual(expect.arrayContaining(['approve', 'deny']));
  expect(verbs(await click(USERS.otto, 'refresh', reviewId))).not.toContain('approve');
  expect(cardText(await click(USERS.otto, 'approve', reviewId))).toMatch(/needs someone with the reviewer role/);
  expect(cardText(await click(USERS.ana, 'approve', reviewId))).toMatch(/You own or back up "Inbox router"/);

  const decided = await click(USERS.rita, 'approve', reviewId);
  expect(cardText(decided)).toMatch(/Approved by Rita Reviewer on \{\{DATE\(\S+, SHORT\)\}\}\./);
  expect(verbs(decided)).not.toContain('approve');
  const update = await h.connector.waitFor(() =>
    h.connector.updated.find(
      (u) => u.activityId === posted.id && cardText(adaptiveCards(u.activity)).includes('Approved by Rita'),
    ),
  );
  expect(update.conversationId).toBe(reviewChannel);
  await h.connector.waitFor(() =>
    toOwner('Inbox router').find((s) => /"Inbox router" is approved until/.test(cardText(adaptiveCards(s.activity)))),
  );
  expect(JSON.stringify(toOwner('Inbox router').map((s) => s.activity))).not.toContain('{{DATE');

  const stale = cardText(await click(USERS.sam, 'approve', reviewId));
  expect(stale).toMatch(/Already approved by Rita Reviewer on \d+ \w+ \d{4}/);
});

test('Full details: reviewers read the reasons as the card words them, the owner keeps the fixes, and nobody reads "Not stated"', async () => {
  const { card } = await registered('Rota board', tier2, reviewChannel);
  const open = elements(card).find((e) => e.data?.action === 'microapp.app.details')!.data;
  const shown = await h.taskFetch(USERS.rita, open);
  const details = cardText(shown.body.task.value.card.content);
  expect(details).toContain('Why it has this risk:');
  expect(details).toContain('• A team relies on this app, so a problem affects more than you');
  expect(details).not.toMatch(/Just me|Not stated|None named|None listed|Does not use AI/);
  await h.say(USERS.ana, 'status Rota board');
  const own = cardText(lastReplyIn(personalConversationId(USERS.ana)));
  expect(own).toMatch(/If only you use it, answer "Just me"/);
  expect(own).not.toMatch(/Not stated|None named|None listed/);
});

test('tier 3 needs a security and a platform approval from two people', async () => {
  const { card } = await registered('Customer lookup', tier3, securityChannel);
  const reviewId = reviewIdOf(card);
  expect(cardText(await click(USERS.sec, 'approve', reviewId))).toMatch(/Security: 1 of 1/);
  expect(cardText(await click(USERS.sec, 'approve', reviewId))).toMatch(/already approved/i);
  expect(cardText(await click(USERS.pat, 'approve', reviewId))).toMatch(/Approved by Pat/);
  await h.connector.waitFor(() =>
    toOwner('Customer lookup').find((s) => /is approved until/.test(cardText(adaptiveCards(s.activity)))),
  );
});

test('deny asks for a reason, and the owner hears it', async () => {
  const { card } = await registered('Budget board', tier2, reviewChannel);
  const reviewId = reviewIdOf(card);
  const full = await click(USERS.rita, 'refresh', reviewId);
  const denyCard = elements(full).find((e) => e.type === 'Action.ShowCard');
  expect(inputIds(denyCard)).toContain('reason');
  expect(cardText(await click(USERS.rita, 'deny', reviewId, { reason: '  ' }))).toMatch(/give a reason/);
  expect(
    cardText(await click(USERS.rita, 'deny', reviewId, { reason: 'Use the shared budget tool instead.' })),
  ).toMatch(/Denied by Rita.*Use the shared budget tool instead\./s);
  const told = await h.connector.waitFor(() =>
    toOwner('Budget board').find((s) =>
      cardText(adaptiveCards(s.activity)).includes('Use the shared budget tool instead.'),
    ),
  );
  expect(told).toBeDefined();
});

test('form problems come back next to their inputs with every answer kept; a pasted secret is a field error and is not shown back', async () => {
  const opened = dialogAnswer((await h.taskFetch(USERS.ana, { action: 'register' })).body);
  if (opened.kind !== 'form') throw new Error('no form');
  const secret = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
  const answer = await submitForm(h, USERS.ana, opened.card, {
    name: 'Key keeper',
    purpose: `Syncs issues with token ${secret}`,
    audience: 'team',
    data: ['internal'],
    builtWith: 'Power Automate',
  });
  if (answer.kind !== 'form') throw new Error('expected the form back');
  expect(errorUnder(answer.card, 'purpose')).toMatch(/vault/);
  expect(errorUnder(answer.card, 'expectedUsers')).toMatch(/expected users|how many/i);
  expect(JSON.stringify(answer.card)).not.toContain(secret);
  const value = (id: string) => elements(answer.card).find((e) => e.id === id)?.value;
  expect(value('name')).toBe('Key keeper');
  expect(value('builtWith')).toBe('Power Automate');
  expect(value('audience')).toBe('team');
});

test('commands: list, status, transfer by mention and email, decommission through its dialog', async () => {
  await registerInTeams(h, USERS.ana, { ...base, name: 'Desk planner' });
  await h.say(USERS.ana, 'list');
  expect(cardText(lastReplyIn(personalConversationId(USERS.ana)))).toMatch(/Desk planner: Approved, tier 1/);
  await h.say(USERS.ana, 'status Desk planner');
  expect(cardText(lastReplyIn(personalConversationId(USERS.ana)))).toMatch(/Tidies my meeting notes/);
  await h.say(USERS.otto, 'transfer Desk planner otto@example.com');
  expect(cardText(lastReplyIn(personalConversationId(USERS.otto)))).toMatch(/Only the owner or backup owner/);
  await h.say(USERS.ana, 'transfer Desk planner sam@example.com');
  expect(cardText(lastReplyIn(personalConversationId(USERS.ana)))).toMatch(/now belongs to Sam/);
  await h.say(USERS.sam, 'decommission Desk planner');
  const launcher = lastReplyIn(personalConversationId(USERS.sam))!;
  const open = elements(launcher).find((e) => e.type === 'Action.Submit')!.data;
  expect(open.msteams).toEqual({ type: 'task/fetch' });
  const form = dialogAnswer((await h.taskFetch(USERS.sam, open)).body);
  if (form.kind !== 'form') throw new Error('no form');
  const refused = await submitForm(h, USERS.sam, form.card, { planCarriedOut: true, dataPurged: false });
  expect(refused.kind).toBe('form');
  expect(await submitForm(h, USERS.sam, form.card, { planCarriedOut: true, dataPurged: true })).toMatchObject({
    kind: 'closed',
  });
  await h.say(USERS.sam, 'frobnicate');
  expect(cardText(lastReplyIn(personalConversationId(USERS.sam)))).toMatch(/Here is what I can do/);
});

test('route: only admins, only known routes, and cards waiting for a route are posted once it is set', async () => {
  await h.say(USERS.otto, 'route tier 2 here', reviews);
  expect(cardText(lastReplyIn(reviewChannel))).toMatch(/Only platform admins/);
  await h.say(USERS.pat, 'route tier 9 here', reviews);
  expect(cardText(lastReplyIn(reviewChannel))).toMatch(/Routes you can set: tier 2/);
  await h.say(USERS.pat, 'route tier 2 here', 'personal');
  expect(cardText(lastReplyIn(personalConversationId(USERS.pat)))).toMatch(/in the Teams channel/);
});
