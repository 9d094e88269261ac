import { loadConfig } from '../../src/config/config';
import { openRuntime } from '../../src/runtime';
import { tier2 } from '../support/manifests';
import { silentLogger } from '../support/silent-logger';
import type { TeamsUser } from '../support/teams-activities';
import { DEFAULT_TEAM, TENANT_ID, USERS, adaptiveCards, channelId } from '../support/teams-activities';
import { cardText } from '../support/teams-form';
import { startTeamsHarness } from '../support/teams-harness';

/** Kim reviews by email and is already in the people directory (as an Entra group read leaves her), yet never spoke to the bot. */
const kim: TeamsUser = {
  id: '29:1rosterkim',
  aadObjectId: '0a0b0c0d-1e2f-4a3b-8c4d-00000000c1a0',
  name: 'Kim Known',
  email: 'kim@example.com',
};

test('a reviewer the directory already knows by name and email still gets her buttons once the roster is read', async () => {
  const h = await startTeamsHarness({ roles: { reviewer: [kim.email!] } });
  try {
    h.connector.addMember({ ...kim, tenantId: TENANT_ID, conversations: DEFAULT_TEAM.channels.map((c) => c.id) });
    await h.say(USERS.pat, 'route tier 2 here', { team: DEFAULT_TEAM.name, channel: 'Micro app reviews' });
    const rt = await openRuntime(loadConfig(h.env), silentLogger);
    try {
      await rt.directory.remember({
        ref: `teams:${kim.aadObjectId}`,
        email: kim.email,
        displayName: kim.name,
        active: true,
      });
      await rt.core.submitRegistration(tier2({ name: 'Known reviewer check', owner: USERS.ana.email }), {
        platform: 'teams',
        userId: USERS.ana.aadObjectId!,
        tenant: TENANT_ID,
      });
    } finally {
      await rt.close();
    }
    const reviewChannel = channelId(DEFAULT_TEAM.name, 'Micro app reviews');
    const posted = await h.connector.waitFor(
      () =>
        h.connector
          .sentTo(reviewChannel)
          .find((s) => cardText(adaptiveCards(s.activity)).includes('Known reviewer check')),
      15_000,
    );
    expect(adaptiveCards(posted.activity)[0]!.refresh.userIds).toContain(kim.id);
  } finally {
    await h.close();
  }
}, 30_000);
