import { cli } from '../support/cli-harness';
import { GRAPH_APP, startFakeGraph } from '../support/fake-graph';
import type { FakeGraph } from '../support/fake-graph';
import type { TeamsUser } from '../support/teams-activities';
import { DEFAULT_TEAM, USERS, adaptiveCards, channelId } from '../support/teams-activities';
import type { TeamsFill } from '../support/teams-form';
import { cardText, elements, registerInTeams } from '../support/teams-form';
import type { TeamsHarness } from '../support/teams-harness';
import { startTeamsHarness } from '../support/teams-harness';

/** The reviewers' Entra group: Rita and Sam, as Graph lists them (Sam found through a nested group). */
const REVIEWERS = 'e0e0e0e0-1111-4222-8333-444444444444';
const asGraphUser = (u: TeamsUser) => ({
  id: u.aadObjectId,
  displayName: u.name,
  mail: u.email,
  userPrincipalName: u.email,
});

let graph: FakeGraph;
let h: TeamsHarness;
const reviews = { team: DEFAULT_TEAM.name, channel: 'Micro app reviews' };
const reviewChannel = channelId(DEFAULT_TEAM.name, 'Micro app reviews');

beforeAll(async () => {
  graph = await startFakeGraph({ groups: { [REVIEWERS]: [asGraphUser(USERS.rita), asGraphUser(USERS.sam)] } });
  h = await startTeamsHarness({
    roles: { reviewer: [`entra-group:${REVIEWERS}`] },
    env: {
      GRAPH_TENANT_ID: GRAPH_APP.tenantId,
      GRAPH_CLIENT_ID: GRAPH_APP.clientId,
      GRAPH_CLIENT_SECRET: GRAPH_APP.clientSecret,
      GRAPH_API_URL: graph.url,
      MICROSOFT_LOGIN_URL: graph.url,
    },
  });
  await h.say(USERS.pat, 'route tier 2 here', reviews);
});
afterAll(async () => {
  await h.close();
  await graph.close();
});

const tier2: Record<string, TeamsFill> = {
  purpose: 'Routes the team inbox to the right person.',
  audience: 'team',
  data: ['internal'],
  expectedUsers: 12,
  businessUnit: 'Operations',
  backupOwner: USERS.sec,
  decommissionPlan: 'Turn it off and delete the sheet.',
  controls: ['logging', 'rollback'],
};
const click = async (u: TeamsUser, verb: string, reviewId: string) => {
  const r = await h.cardAction(u, verb, { action: `microapp.review.${verb}`, value: reviewId }, reviews);
  expect(r.status).toBe(200);
  return r.body.value as Record<string, any>;
};

test('a member of the Entra group approves a tier-2 app in Teams; someone outside it gets the plain refusal', async () => {
  expect(
    graph.requests.some((r) => r.path.includes(`/groups/${REVIEWERS}/transitiveMembers/microsoft.graph.user`)),
  ).toBe(true);
  const { answer } = await registerInTeams(h, USERS.ana, { ...tier2, name: 'Entra approved' });
  expect(answer).toMatchObject({ kind: 'closed' });
  const posted = await h.connector.waitFor(() =>
    h.connector.sentTo(reviewChannel).find((s) => cardText(adaptiveCards(s.activity)).includes('Entra approved')),
  );
  const card = adaptiveCards(posted.activity)[0]!;
  const reviewId =
    card.refresh?.action?.data?.value ??
    elements(card).find((e) => e.data?.action === 'microapp.review.approve')?.data.value;

  expect(cardText(await click(USERS.otto, 'approve', reviewId))).toMatch(/needs someone with the reviewer role/);
  expect(cardText(await click(USERS.rita, 'approve', reviewId))).toMatch(/Approved by Rita Reviewer/);
});

test("the CLI lists the Entra group's members by name and email", async () => {
  const { code, out } = await cli(['roles', 'list'], h.env, process.cwd());
  expect(code).toBe(0);
  expect(out).toContain(`  - Rita Reviewer <rita@example.com> (from entra-group:${REVIEWERS})`);
  expect(out).toContain(`  - Sam Reviewer <sam@example.com> (from entra-group:${REVIEWERS})`);
});

test('without GroupMember.Read.All the refresh keeps the members and the doctor names the permission', async () => {
  graph.forbid(REVIEWERS);
  const refreshed = await cli(['roles', 'refresh'], h.env, process.cwd());
  expect(refreshed.code).toBe(1);
  expect(refreshed.out).toMatch(
    new RegExp(`^entra-group:${REVIEWERS} cannot be read: .* Its last known members \\(2\\) stay\\.$`, 'm'),
  );
  const doctor = await cli(['doctor'], h.env, process.cwd());
  expect(doctor.out).toMatch(/Authorization_RequestDenied[\s\S]*application permission GroupMember\.Read\.All/);
  expect(doctor.out).not.toMatch(/The role "reviewer" has no members/);
});
