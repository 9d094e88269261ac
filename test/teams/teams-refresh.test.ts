import type { TeamsHarness } from '../support/teams-harness';
import { startTeamsHarness } from '../support/teams-harness';
import type { TeamsUser } from '../support/teams-activities';
import { DEFAULT_TEAM, USERS, adaptiveCards, channelId } from '../support/teams-activities';
import { cardText, elements, registerInTeams } from '../support/teams-form';

/**
 * Who gets a card's buttons follows the rule the decision applies: role holders, less the owner,
 * the backup owner and the submitter, less who already approved.
 */
let h: TeamsHarness;
const reviews = { team: DEFAULT_TEAM.name, channel: 'Micro app reviews' };
const reviewChannel = channelId(DEFAULT_TEAM.name, 'Micro app reviews');

beforeAll(async () => {
  h = await startTeamsHarness({ roles: { reviewer: [USERS.rita, USERS.ana, USERS.sec, USERS.sam] } });
  for (const u of [USERS.ana, USERS.rita, USERS.sam, USERS.sec, USERS.pat])
    expect((await h.say(u, 'help')).status).toBe(200);
  await h.say(USERS.pat, 'route tier 2 here', reviews);
});
afterAll(() => h.close());

const verbs = (card: unknown) =>
  elements(card)
    .filter((e) => e.type === 'Action.Execute')
    .map((e) => e.verb);
const refresh = async (u: TeamsUser, reviewId: string) => {
  const r = await h.cardAction(u, 'refresh', { action: 'microapp.review.refresh', value: reviewId }, reviews);
  expect(r.status).toBe(200);
  return r.body.value as Record<string, any>;
};

test('the owner and the backup owner hold the reviewer role but are left out of the refresh list and get no buttons', async () => {
  const { answer } = await registerInTeams(h, USERS.ana, {
    name: 'Meeting summariser',
    purpose: 'Summarises our team meetings into the wiki.',
    audience: 'team',
    expectedUsers: 12,
    data: ['internal'],
    businessUnit: 'Operations',
    backupOwner: USERS.sec,
    decommissionPlan: 'Turn it off and delete the pages.',
    controls: ['logging', 'rollback'],
  });
  expect(answer).toMatchObject({ kind: 'closed' });
  const posted = await h.connector.waitFor(() =>
    h.connector.sentTo(reviewChannel).find((s) => cardText(adaptiveCards(s.activity)).includes('Meeting summariser')),
  );
  const card = adaptiveCards(posted.activity)[0]!;
  const userIds: string[] = card.refresh.userIds;
  expect(userIds).toEqual(expect.arrayContaining([USERS.rita.id, USERS.sam.id]));
  expect(userIds).not.toContain(USERS.ana.id);
  expect(userIds).not.toContain(USERS.sec.id);

  const reviewId = card.refresh.action.data.value;
  expect(verbs(await refresh(USERS.rita, reviewId))).toEqual(expect.arrayContaining(['approve', 'deny']));
  expect(verbs(await refresh(USERS.ana, reviewId))).not.toContain('approve');
  expect(verbs(await refresh(USERS.sec, reviewId))).not.toContain('approve');
});
