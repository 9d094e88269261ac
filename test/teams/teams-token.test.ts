import { ACTIONS } from '../../src/views/action-ids';
import { cli } from '../support/cli-harness';
import type { TeamsHarness } from '../support/teams-harness';
import { startTeamsHarness } from '../support/teams-harness';
import { DEFAULT_TEAM, USERS, adaptiveCards, personalConversationId } from '../support/teams-activities';
import { cardText, elements, registerInTeams } from '../support/teams-form';
import { weekdayNoonBefore } from '../support/weekday-noon';

let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeamsHarness();
  for (const u of [USERS.ana, USERS.otto]) expect((await h.say(u, 'help')).status).toBe(200);
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

test('token in a personal chat: only the owner gets it, never in a channel, and it works', async () => {
  const { answer } = await registerInTeams(h, USERS.ana, {
    name: 'Desk booker',
    purpose: 'Books desks for the team every week.',
    audience: 'personal',
    data: ['internal'],
  });
  expect(answer).toMatchObject({ kind: 'closed' });
  const { id } = JSON.parse((await cli(['show', 'Desk booker', '--json'], h.env, '.')).out) as { id: string };

  await h.say(USERS.otto, 'token Desk booker');
  expect(lastAnswerTo(USERS.otto)).toMatch(
    /^Only Ana Owner \(the owner or backup owner of "Desk booker"\) can get its token\. A platform admin can also issue one with: microapp token issue "Desk booker"/,
  );

  const channel = { team: DEFAULT_TEAM.name, channel: 'Work' };
  const before = h.connector.sent.length;
  await h.say(USERS.ana, 'token Desk booker', channel);
  const inChannel = h.connector.sent
    .slice(before)
    .map((s) => cardText(adaptiveCards(s.activity)[0]))
    .join('\n');
  expect(inChannel).toMatch(/A token is shown only in a personal chat: message me directly/);
  expect(inChannel).not.toMatch(/mab_/);

  await h.say(USERS.ana, 'token Desk booker');
  const text = lastAnswerTo(USERS.ana);
  const token = /(mab_[A-Za-z0-9_-]{59})/.exec(text)?.[1];
  expect(token).toBeDefined();
  expect(text).toContain(`/api/v1/apps/${id}/heartbeat`);
  const beat = await fetch(`http://127.0.0.1:${h.port()}/api/v1/apps/${encodeURIComponent('Desk booker')}/heartbeat`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  expect(beat.status).toBe(204);
});

test('a quiet app: the reminder card answers Still in use in place, and Retire it opens the decommission dialog', async () => {
  const { expiresAt } = JSON.parse((await cli(['show', 'Desk booker', '--json'], h.env, '.')).out) as {
    expiresAt: string;
  };
  const at = weekdayNoonBefore(expiresAt, 365 - 100);
  expect((await cli(['reminders', 'run-once', '--at', at], h.env, '.')).out).toMatch(
    /"Desk booker": inactive app, not used lately: keep or retire\?/,
  );
  const card = await h.connector.waitFor(() =>
    h.connector
      .sentTo(personalConversationId(USERS.ana))
      .map((s) => adaptiveCards(s.activity)[0])
      .find((c) => /Is it still needed\?/.test(cardText(c))),
  );
  const actions = elements(card).filter((e) => String(e.type).startsWith('Action.'));
  const keep = actions.find((a) => a.verb === 'in_use' || a.data?.action === ACTIONS.stillInUse)!;
  const retire = actions.find((a) => a.data?.action === ACTIONS.retireApp)!;
  expect(retire).toMatchObject({
    type: 'Action.Submit',
    data: { msteams: { type: 'task/fetch' }, value: 'Desk booker' },
  });
  const form = await h.taskFetch(USERS.ana, retire.data);
  expect(form.body).toMatchObject({ task: { type: 'continue', value: { title: 'Decommission app' } } });
  expect(JSON.stringify(form.body)).toContain('Retiring \\"Desk booker\\"');

  const kept = await h.cardAction(USERS.ana, keep.verb, keep.data);
  expect(cardText(kept.body.value)).toMatch(/Thank you: "Desk booker" stays registered as in use/);
});
