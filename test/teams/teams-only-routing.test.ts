import type { TeamsHarness } from '../support/teams-harness';
import { startTeamsHarness } from '../support/teams-harness';
import { USERS, adaptiveCards, personalConversationId } from '../support/teams-activities';
import { cardText, registerInTeams } from '../support/teams-form';

const team = {
  purpose: 'Routes the support inbox.',
  audience: 'team',
  expectedUsers: 12,
  data: ['internal'],
  businessUnit: 'Operations',
  backupOwner: USERS.otto,
  decommissionPlan: 'Turn it off.',
  controls: ['logging', 'rollback'],
};

describe('a Teams-only install whose admins include a Slack user', () => {
  let h: TeamsHarness;
  beforeEach(async () => {
    h = await startTeamsHarness({ roles: { admin: [USERS.pat, 'slack:UADMIN'] } });
    for (const u of [USERS.ana, USERS.rita, USERS.pat]) await h.say(u, 'help');
  });
  afterEach(() => h.close());

  test('the Slack destinations are skipped in one info line, and alerts reach only the Teams admin', async () => {
    const skipped = h.logs.filter((l) => l.includes('Approval cards skip'));
    expect(skipped).toHaveLength(1);
    expect(JSON.parse(skipped[0]!).msg).toMatch(
      /"#microapp-reviews" \(Slack, tier 2\), "#microapp-security-reviews" \(Slack, tier 3\): Slack is not connected/,
    );
    await registerInTeams(h, USERS.ana, { ...team, name: 'Waiting router' });
    const alert = await h.connector.waitFor(() =>
      h.connector
        .sentTo(personalConversationId(USERS.pat))
        .map((s) => cardText(adaptiveCards(s.activity)))
        .find((t) => /Approval cards have nowhere to go in Teams/.test(t)),
    );
    expect(alert).toMatch(/route tier [23] here/);
    await new Promise((r) => setTimeout(r, 500));
    const logs = h.logs.join('\n');
    expect(logs).not.toMatch(/person_unknown|platform_off/);
    expect(logs).not.toMatch(/slack:UADMIN/);
  });
});
