import { ACTIONS } from '../../src/views/action-ids';
import { CHANNELS } from '../support/fake-slack';
import type { Fill } from '../support/slack-harness';
import { buttonClick, fillForm, formSession, newTrigger } from '../support/slack-harness';
import { commandBody, interactionBody, signedSlackPost } from '../support/signed-slack-post';
import { DEFAULT_TEAM, USERS, adaptiveCards, channelId, personalConversationId } from '../support/teams-activities';
import { cardText, elements, registerInTeams } from '../support/teams-form';
import type { TeamsHarness } from '../support/teams-harness';
import { startTeamsHarness } from '../support/teams-harness';
import { waitFor } from '../support/wait-for';

let h: TeamsHarness;
const reviews = { team: DEFAULT_TEAM.name, channel: 'Micro app reviews' };
const teamsReviews = channelId(DEFAULT_TEAM.name, 'Micro app reviews');
const slackReviews = CHANNELS['microapp-reviews']!;
let slackPost: ReturnType<typeof signedSlackPost>;
const interact = (payload: Record<string, unknown>) =>
  slackPost(interactionBody(payload), 'application/x-www-form-urlencoded');

beforeAll(async () => {
  h = await startTeamsHarness({ withSlack: true });
  slackPost = signedSlackPost(() => `http://127.0.0.1:${h.bot.port}/slack/events`, h.env.SLACK_SIGNING_SECRET!);
  for (const u of [USERS.ana, USERS.rita, USERS.pat]) expect((await h.say(u, 'help')).status).toBe(200);
  await h.say(USERS.pat, 'route tier 2 here', reviews);
});
afterAll(() => h.close());

const teamsCards = (name: string) =>
  h.connector.sentTo(teamsReviews).filter((s) => cardText(adaptiveCards(s.activity)).includes(name));
const slackCards = (name: string) => h.slack!.messagesIn(slackReviews).filter((m) => String(m.text).includes(name));

test('registered in Slack, approved in Teams: the Slack copy is updated and the owner hears in Slack', async () => {
  const trigger = newTrigger();
  expect(
    (
      await slackPost(
        commandBody('UOWNER', 'register', trigger, `${h.slack!.url}respond/1`),
        'application/x-www-form-urlencoded',
      )
    ).status,
  ).toBe(200);
  await waitFor(() => h.slack!.callsTo('views.open').some((c) => c.args.trigger_id === trigger), 5000);
  const form = formSession(
    interact,
    'UOWNER',
    h.slack!.callsTo('views.open').find((c) => c.args.trigger_id === trigger)!.args.view,
  );
  const answers: Record<string, Fill> = {
    name: 'Shift swapper',
    purpose: 'Lets the support team swap shifts without a spreadsheet.',
    audience: 'team',
    data: ['internal'],
    expectedUsers: 12,
    businessUnit: 'Support',
    backupOwner: 'UPLATFORM',
    decommissionPlan: 'Turn it off and delete the sheet.',
    controls: ['logging', 'rollback'],
  };
  expect((await fillForm(form, answers)).answer).toEqual({ kind: 'closed' });

  const posted = await h.connector.waitFor(() => teamsCards('Shift swapper')[0]);
  await waitFor(() => slackCards('Shift swapper').length === 1, 5000);
  const card = adaptiveCards(posted.activity)[0]!;
  const reviewId =
    card.refresh?.action?.data?.value ?? elements(card).find((e) => e.data?.action === ACTIONS.approve)?.data.value;
  const r = await h.cardAction(USERS.rita, 'approve', { action: ACTIONS.approve, value: reviewId }, reviews);
  expect(cardText(r.body.value)).toMatch(/Approved by Rita Reviewer/);
  await waitFor(
    () =>
      h
        .slack!.callsTo('chat.postMessage')
        .some((c) => c.args.channel === 'D-UOWNER' && /Shift swapper.*approved/i.test(JSON.stringify(c.args))),
    5000,
  );
  await waitFor(
    () =>
      h
        .slack!.callsTo('chat.update')
        .some((c) => c.args.channel === slackReviews && /Approved by Rita Reviewer/.test(JSON.stringify(c.args))),
    5000,
  );
});

test('registered in Teams, approved in Slack: the Teams copy is updated and the owner hears in Teams', async () => {
  const { answer } = await registerInTeams(h, USERS.ana, {
    name: 'Desk finder',
    purpose: 'Finds a free desk for the team each morning.',
    audience: 'team',
    data: ['internal'],
    expectedUsers: 12,
    businessUnit: 'Operations',
    backupOwner: USERS.rita,
    decommissionPlan: 'Turn it off and delete the sheet.',
    controls: ['logging', 'rollback'],
  });
  expect(answer).toMatchObject({ kind: 'closed' });
  await waitFor(() => slackCards('Desk finder').length === 1, 5000);
  await h.connector.waitFor(() => teamsCards('Desk finder')[0]);
  const blocks = h
    .slack!.callsTo('chat.postMessage')
    .find((c) => c.args.channel === slackReviews && String(c.args.text).includes('Desk finder'))!.args.blocks as {
    type: string;
    elements?: { action_id?: string; value?: string }[];
  }[];
  const approve = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTIONS.approve)!;
  expect((await interact(buttonClick('UREVIEWER', ACTIONS.approve, approve.value!, slackReviews))).status).toBe(200);
  await h.connector.waitFor(() =>
    h.connector
      .sentTo(personalConversationId(USERS.ana))
      .find((s) => /"Desk finder" is approved until/.test(cardText(adaptiveCards(s.activity)))),
  );
  await h.connector.waitFor(() =>
    h.connector.updated.find(
      (u) =>
        u.conversationId.startsWith(teamsReviews) &&
        /Approved by Rae Reviewer/.test(cardText(adaptiveCards(u.activity))),
    ),
  );
});
