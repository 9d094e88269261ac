import type { TeamsHarness } from '../support/teams-harness';
import { startTeamsHarness } from '../support/teams-harness';
import type { TeamsUser } from '../support/teams-activities';
import { DEFAULT_TEAM, TENANT_ID, USERS, adaptiveCards, channelId } from '../support/teams-activities';
import type { TeamsFill } from '../support/teams-form';
import { cardText, elements, registerInTeams } from '../support/teams-form';

/**
 * Reviewers named in roles.yaml by email whom the bot never met get their buttons all the same: the
 * reviewer channel's roster (the connector's paged members) tells who they are before the card is
 * posted. A backup owner picked in the form is looked up and named on the reviewer's card.
 */
let h: TeamsHarness;
const reviews = { team: DEFAULT_TEAM.name, channel: 'Micro app reviews' };
const reviewChannel = channelId(DEFAULT_TEAM.name, 'Micro app reviews');
const teamChannels = DEFAULT_TEAM.channels.map((c) => c.id);

const member = (key: string, name: string, n: number): TeamsUser => {
  const hex = n.toString(16).padStart(12, '0');
  return {
    id: `29:1roster${key}`,
    aadObjectId: `0a0b0c0d-1e2f-4a3b-8c4d-${hex}`,
    name,
    email: `${key}@example.com`,
  };
};
/** Picked as backup owner; in the team's channels only, never met by the bot. */
const bea = member('bea', 'Bea Backup', 0xbea);
/** Team members, the first 70 of them reviewers by email, to fill the refresh list and make the roster two pages long. */
const crowd = Array.from({ length: 250 }, (_, i) => member(`crowd${String(i).padStart(3, '0')}`, `Crowd ${i}`, i + 1));
const crowdReviewers = crowd.slice(0, 70);

const answers = (name: string, backupOwner: TeamsFill): Record<string, TeamsFill> => ({
  name,
  purpose: 'Summarises our team meetings into the wiki.',
  audience: 'team',
  expectedUsers: 12,
  data: ['internal'],
  businessUnit: 'Operations',
  backupOwner,
  decommissionPlan: 'Turn it off and delete the pages.',
  controls: ['logging', 'rollback'],
});

beforeAll(async () => {
  h = await startTeamsHarness({
    roles: {
      reviewer: [
        USERS.rita,
        USERS.sam.email,
        USERS.ana.email,
        bea.email,
        'ghost@example.com',
        ...crowdReviewers.map((u) => u.email),
      ],
    },
  });
  for (const u of [bea, ...crowd]) h.connector.addMember({ ...u, tenantId: TENANT_ID, conversations: teamChannels });
  for (const u of [USERS.ana, USERS.rita, USERS.pat]) expect((await h.say(u, 'help')).status).toBe(200);
  await h.say(USERS.pat, 'route tier 2 here', reviews);
}, 30_000);
afterAll(() => h.close());

const postedCard = async (name: string) => {
  const posted = await h.connector.waitFor(
    () => h.connector.sentTo(reviewChannel).find((s) => cardText(adaptiveCards(s.activity)).includes(name)),
    15_000,
  );
  return adaptiveCards(posted.activity)[0]!;
};
const rosterReads = () =>
  h.connector.calls.filter((c) => c.method === 'GET' && c.path.endsWith(`${reviewChannel}/pagedmembers`));

test('a reviewer known only by email gets the buttons after the roster read; owner and backup owner never; the first 60 in order', async () => {
  const { answer } = await registerInTeams(h, USERS.ana, answers('Meeting summariser', bea));
  expect(answer).toMatchObject({ kind: 'closed' });
  const card = await postedCard('Meeting summariser');

  const reads = rosterReads();
  expect(reads).toHaveLength(2);
  expect(reads[0]!.query.continuationToken).toBeUndefined();
  expect(reads[1]!.query.continuationToken).toEqual(expect.any(String));

  const userIds: string[] = card.refresh.userIds;
  expect(userIds).toEqual([USERS.rita.id, USERS.sam.id, ...crowdReviewers.slice(0, 58).map((u) => u.id)]);
  expect(userIds).not.toContain(USERS.ana.id);
  expect(userIds).not.toContain(bea.id);

  const r = await h.cardAction(
    USERS.sam,
    'refresh',
    { action: 'microapp.review.refresh', value: card.refresh.action.data.value },
    reviews,
  );
  const verbs = elements(r.body.value)
    .filter((e) => e.type === 'Action.Execute')
    .map((e) => e.verb);
  expect(verbs).toEqual(expect.arrayContaining(['approve', 'deny']));
});

test('the backup owner picked in the form is named on the reviewer card; a picker shows the person already picked by name', async () => {
  const card = await postedCard('Meeting summariser');
  expect(cardText(card)).toContain('Bea Backup');
  expect(cardText(card)).not.toContain('someone on Teams');
  const lookups = h.connector.calls.filter((c) => c.method === 'GET' && c.path.endsWith(`/members/${bea.aadObjectId}`));
  expect(lookups.map((c) => c.status)).toEqual([404, 200]);

  const { cards } = await registerInTeams(h, USERS.ana, answers('Form check', bea));
  const owner = cards.flatMap((c) => elements(c)).find((e) => e.id === 'owner');
  expect(owner).toMatchObject({
    type: 'Input.ChoiceSet',
    value: USERS.ana.aadObjectId,
    choices: [{ title: 'Ana Owner', value: USERS.ana.aadObjectId }],
  });
});

test('the roster is read at most once an hour per channel, and someone Teams cannot find stays "someone on Teams"', async () => {
  const before = rosterReads().length;
  const stranger = member('stranger', 'Nobody Here', 0x5eed);
  const { answer } = await registerInTeams(h, USERS.ana, answers('Wiki gardener', stranger));
  expect(answer).toMatchObject({ kind: 'closed' });
  const card = await postedCard('Wiki gardener');
  expect(rosterReads()).toHaveLength(before);
  expect(card.refresh.userIds).toHaveLength(60);
  expect(cardText(card)).toContain('someone on Teams');
});
