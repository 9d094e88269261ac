import { ACTIONS } from '../../src/views/action-ids';
import { cli, manifestDir } from '../support/cli-harness';
import { tier1, tier2 } from '../support/manifests';
import type { TeamsHarness } from '../support/teams-harness';
import { startTeamsHarness } from '../support/teams-harness';
import { USERS, adaptiveCards, personalConversationId } from '../support/teams-activities';
import { cardText, elements, registerInTeams } from '../support/teams-form';
import { weekdayNoonBefore } from '../support/weekday-noon';

let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeamsHarness();
  for (const u of [USERS.ana, USERS.otto]) expect((await h.say(u, 'help')).status).toBe(200);
});
afterAll(() => h.close());

const digestsTo = (u: typeof USERS.ana) =>
  h.connector
    .sentTo(personalConversationId(u))
    .map((s) => adaptiveCards(s.activity)[0])
    .filter((c) => /must be re-certified by/.test(cardText(c)));

test('a re-certification reminder reaches Teams as a card; snooze and re-certify answer in place, the change form opens as a dialog', async () => {
  const { answer } = await registerInTeams(h, USERS.ana, {
    name: 'Desk booker',
    purpose: 'Books desks for the team every week.',
    audience: 'personal',
    data: ['internal'],
  });
  expect(answer).toMatchObject({ kind: 'closed' });
  const { expiresAt } = JSON.parse((await cli(['show', 'Desk booker', '--json'], h.env, '.')).out) as {
    expiresAt: string;
  };
  expect((await cli(['reminders', 'run-once', '--at', weekdayNoonBefore(expiresAt, 20)], h.env, '.')).out).toMatch(
    /queued 1 digest/,
  );

  const card = await h.connector.waitFor(() => digestsTo(USERS.ana)[0]);
  const actions = elements(card).filter((e) => String(e.type).startsWith('Action.'));
  // Nothing reported using the app since it was approved, so the digest also asks whether it is still in use.
  expect(actions.filter((a) => a.type === 'Action.Execute').map((a) => a.verb)).toEqual([
    ACTIONS.stillInUse,
    'recertify',
    'snooze',
    'snooze',
  ]);
  const change = actions.find((a) => a.data?.action === ACTIONS.changeApp)!;
  expect(change).toMatchObject({
    type: 'Action.Submit',
    data: { msteams: { type: 'task/fetch' }, value: 'Desk booker' },
  });
  const recertify = actions.find((a) => a.verb === 'recertify')!.data;
  const weekLater = actions.filter((a) => a.verb === 'snooze')[1]!.data;

  const refused = await h.cardAction(USERS.otto, 'snooze', weekLater);
  expect(cardText(refused.body.value)).toMatch(/sent to someone else/);
  const snoozed = await h.cardAction(USERS.ana, 'snooze', weekLater);
  expect(cardText(snoozed.body.value)).toMatch(
    /Snoozed: I will remind you about "Desk booker" again on .*[\s\S]*must be re-certified by/,
  );

  const form = await h.taskFetch(USERS.ana, change.data);
  expect(form.body).toMatchObject({ task: { type: 'continue' } });
  expect(JSON.stringify(form.body)).toContain('Desk booker');

  const questions = elements(card).filter((e) => e.type === 'Input.Text' && String(e.id).startsWith('microapp.value.'));
  expect(questions.map((q) => q.label)).toEqual([
    'About how many hours a month does it save, for everyone together? (optional)',
    'About how many people use it? (optional)',
  ]);
  const answered = { ...recertify, [String(questions[0]!.id)]: '12.5', [String(questions[1]!.id)]: '8' };
  const done = await h.cardAction(USERS.ana, 'recertify', answered);
  expect(cardText(done.body.value)).toMatch(/Re-certified "Desk booker": approved until/);
  const renewed = JSON.parse((await cli(['show', 'Desk booker', '--json'], h.env, '.')).out) as {
    expiresAt: string;
    value: { hoursSavedPerMonth: number; users: number };
  };
  expect(Date.parse(renewed.expiresAt)).toBeGreaterThan(Date.parse(expiresAt));
  expect(renewed.value).toMatchObject({ hoursSavedPerMonth: 12.5, users: 8 });
});

test('an incident typed in Teams reaches the security role at once; Acknowledge answers with a message and leaves the card', async () => {
  expect((await h.say(USERS.sec, 'help')).status).toBe(200);
  await h.say(USERS.otto, 'incident Desk booker the booking export went to the wrong team');
  const answer = h.connector
    .sentTo(personalConversationId(USERS.otto))
    .map((s) => cardText(adaptiveCards(s.activity)[0]))
    .at(-1);
  expect(answer).toMatch(/Incident with "Desk booker" recorded, and the security team \(1 person\) has been told/);
  const card = await h.connector.waitFor(() =>
    h.connector
      .sentTo(personalConversationId(USERS.sec))
      .map((s) => adaptiveCards(s.activity)[0])
      .find((c) => /reported an incident with "Desk booker"/.test(cardText(c))),
  );
  const ack = elements(card).find((e) => e.verb === 'acknowledge')!;
  const refused = await h.cardAction(USERS.otto, 'acknowledge', ack.data);
  expect(refused.body).toMatchObject({
    statusCode: 200,
    type: 'application/vnd.microsoft.activity.message',
    value: expect.stringMatching(/Only the security role/),
  });
  const taken = await h.cardAction(USERS.sec, 'acknowledge', ack.data);
  expect(taken.body).toMatchObject({
    statusCode: 200,
    type: 'application/vnd.microsoft.activity.message',
    value: expect.stringMatching(/You have taken the incident with "Desk booker"/),
  });
});

test('test data: the owner confirms the purge from the Teams card, and the card comes back without the item', async () => {
  const dir = manifestDir({
    'sandbox.yaml': tier1({ name: 'Sandbox loader', owner: `teams:${USERS.ana.aadObjectId}` }),
  });
  expect((await cli(['register', '--file', 'sandbox.yaml'], h.env, dir)).code).toBe(0);
  const { createdAt } = JSON.parse((await cli(['show', 'Sandbox loader', '--json'], h.env, dir)).out) as {
    createdAt: string;
  };
  expect((await cli(['sandbox', 'Sandbox loader'], h.env, dir)).out).toMatch(
    /Recorded sandbox use of "Sandbox loader"/,
  );
  const at = weekdayNoonBefore(new Date(Date.parse(createdAt) + 12 * 86_400_000).toISOString(), 2);
  expect((await cli(['reminders', 'run-once', '--at', at], h.env, dir)).out).toMatch(
    /"Sandbox loader": test data purge, purge to confirm/,
  );

  const card = await h.connector.waitFor(() =>
    h.connector
      .sentTo(personalConversationId(USERS.ana))
      .map((s) => adaptiveCards(s.activity)[0])
      .find((c) => /Sandbox loader" was used with test data/.test(cardText(c))),
  );
  const purged = elements(card).find(
    (e) => e.data?.action === ACTIONS.confirmPurge || e.verb === ACTIONS.confirmPurge,
  )!;
  const refused = await h.cardAction(USERS.otto, purged.verb ?? ACTIONS.confirmPurge, purged.data);
  expect(cardText(refused.body.value)).toMatch(/Only the owner or backup owner of "Sandbox loader"/);
  const done = await h.cardAction(USERS.ana, purged.verb ?? ACTIONS.confirmPurge, purged.data);
  expect(cardText(done.body.value)).toMatch(/Thank you: recorded that the test data of "Sandbox loader" was purged/);
  expect(cardText(done.body.value)).not.toMatch(/was used with test data/);
});

test('exception typed in Teams: the reviewer hears it was granted, an outsider hears who may grant one', async () => {
  const dir = manifestDir({
    'jira.yaml': tier2({
      name: 'Ticket mirror',
      owner: `teams:${USERS.ana.aadObjectId}`,
      backupOwner: `teams:${USERS.rita.aadObjectId}`,
      audience: 'personal',
      expectedUsers: 1,
      integrations: [{ system: 'Jira', access: 'read', requiresSecret: true }],
      controls: ['logging', 'rollback', 'vaultSecrets'],
    }),
  });
  expect((await cli(['register', '--file', 'jira.yaml'], h.env, dir)).code).toBe(0);
  const answered = async (u: typeof USERS.ana, text: string, pattern: RegExp) => {
    await h.say(u, text);
    return h.connector.waitFor(() =>
      h.connector
        .sentTo(personalConversationId(u))
        .map((s) => cardText(adaptiveCards(s.activity)[0]) || String(s.activity.text ?? ''))
        .find((t) => pattern.test(t)),
    );
  };
  expect(
    await answered(
      USERS.otto,
      'exception Ticket mirror integration-needs-secret 5 the key is read-only and rotated daily',
      /Only reviewers .* and admins grant exceptions/,
    ),
  ).toBeDefined();
  expect(
    await answered(
      USERS.pat,
      'exception Ticket mirror integration-needs-secret 5 the key is read-only and rotated daily',
      /Exception granted: "Ticket mirror" is not held to integration-needs-secret until/,
    ),
  ).toBeDefined();
});
