import { networkInterfaces } from 'node:os';
import { loadConfig } from '../../src/config/config';
import { openRuntime } from '../../src/runtime';
import { tier2 } from '../support/manifests';
import { silentLogger } from '../support/silent-logger';
import type { TeamsHarness } from '../support/teams-harness';
import { startTeamsHarness } from '../support/teams-harness';
import {
  DEFAULT_TEAM,
  USERS,
  adaptiveCards,
  channelId,
  messageActivity,
  personalConversationId,
} from '../support/teams-activities';
import { cardText, elements, registerInTeams } from '../support/teams-form';

const reviews = { team: DEFAULT_TEAM.name, channel: 'Micro app reviews' };
const reviewChannel = channelId(DEFAULT_TEAM.name, 'Micro app reviews');
const texts = (h: TeamsHarness, conversationId: string) =>
  h.connector.sentTo(conversationId).map((s) => cardText(adaptiveCards(s.activity)));
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

describe('with the default roles', () => {
  let h: TeamsHarness;
  beforeEach(async () => {
    h = await startTeamsHarness();
    for (const u of [USERS.ana, USERS.rita, USERS.pat]) await h.say(u, 'help');
  });
  afterEach(() => h.close());

  test('a card waiting for a route is reported to admins and posted once an admin routes a channel', async () => {
    await registerInTeams(h, USERS.ana, { ...team, name: 'Waiting router' });
    await h.connector.waitFor(() =>
      texts(h, personalConversationId(USERS.pat)).find(
        (t) => /route_missing/.test(t) && /route Micro app reviews here/.test(t),
      ),
    );
    expect(h.connector.sentTo(reviewChannel)).toHaveLength(0);
    await h.say(USERS.pat, 'route tier 2 here', reviews);
    expect(texts(h, reviewChannel).some((t) => /tier 2 .*1 card waiting for review is on the way/s.test(t))).toBe(true);
    await h.connector.waitFor(() => texts(h, reviewChannel).find((t) => t.includes('Review: Waiting router')));
  });

  test('a 429 waits and succeeds; a 403 (blocked) is undeliverable, shown to admins and not retried', async () => {
    await h.say(USERS.pat, 'route tier 2 here', reviews);
    h.connector.failNext(
      { method: 'POST', path: /^\/v3\/conversations\/19:[^/]*\/activities$/ },
      {
        status: 429,
        headers: { 'Retry-After': '1' },
        body: { error: { code: 'TooManyRequests', message: 'slow down' } },
      },
    );
    await registerInTeams(h, USERS.ana, { ...team, name: 'Busy router' });
    await h.connector.waitFor(() => texts(h, reviewChannel).find((t) => t.includes('Review: Busy router')), 15_000);
    expect(h.connector.calls.filter((c) => c.status === 429)).toHaveLength(1);

    const blocked = /^\/v3\/conversations\/a:[^/]*\/activities/;
    const anaChat = personalConversationId(USERS.ana);
    h.connector.failNext(
      { method: 'POST', path: blocked },
      {
        status: 403,
        body: { error: { code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' } },
      },
      1,
    );
    await registerInTeams(h, USERS.ana, {
      purpose: 'Mine alone.',
      audience: 'personal',
      data: ['internal'],
      name: 'Blocked notes',
    });
    await h.connector.waitFor(() =>
      texts(h, personalConversationId(USERS.pat)).find((t) => /ConversationBlockedByUser/.test(t) && /unblock/.test(t)),
    );
    const attempts = h.connector.calls.filter((c) => c.status === 403);
    expect(attempts).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(h.connector.calls.filter((c) => c.status === 403)).toHaveLength(1);
    expect(texts(h, anaChat).some((t) => t.includes('Blocked notes'))).toBe(false);
  });

  test('user text stays text: no links, mentions or markdown from free-text fields', async () => {
    await h.say(USERS.pat, 'route tier 2 here', reviews);
    const evil = '[click](https://evil.example) **bold** <at>Everyone</at> @channel https://evil.example/x';
    await registerInTeams(h, USERS.ana, {
      ...team,
      name: 'Evil router',
      purpose: evil,
      businessUnit: '<at>Ops</at> **x**',
      decommissionPlan: `[plan](https://evil.example) ${evil}`,
      builtWith: '_em_ [a](b)',
    });
    const posted = await h.connector.waitFor(() =>
      h.connector.sentTo(reviewChannel).find((s) => cardText(adaptiveCards(s.activity)).includes('Evil router')),
    );
    const card = adaptiveCards(posted.activity)[0]!;
    expect(cardText(card)).toContain(evil);
    const risky = elements(card).filter(
      (e) => (e.type === 'TextBlock' || e.type === 'FactSet') && /evil|Everyone|\*\*/.test(JSON.stringify(e)),
    );
    expect(risky).toEqual([]);
    expect(JSON.stringify(posted.activity)).not.toMatch(/"entities"|"mention"|"msteams":\{"entities/);
    expect(
      elements(card).filter((e) => e.type === 'TextRun' && /https:\/\/evil\.example/.test(String(e.text))),
    ).toEqual([]);
  });

  test('an app registered from Slack is reviewed in a Teams channel when the routing says so', async () => {
    await h.say(USERS.pat, 'route tier 2 here', reviews);
    const rt = await openRuntime(loadConfig(h.env), silentLogger);
    try {
      const result = await rt.core.submitRegistration(
        tier2({ name: 'Slack router', owner: 'slack:UOWNER', backupOwner: USERS.otto.email }),
        { platform: 'slack', userId: 'UOWNER', tenant: 'T1' },
      );
      expect(result.review?.status).toBe('open');
    } finally {
      await rt.close();
    }
    const posted = await h.connector.waitFor(() =>
      h.connector
        .sentTo(reviewChannel)
        .find((s) => cardText(adaptiveCards(s.activity)).includes('Review: Slack router')),
    );
    const reviewId = adaptiveCards(posted.activity)[0]!.refresh.action.data.value;
    const r = await h.cardAction(
      USERS.rita,
      'approve',
      { action: 'microapp.review.approve', value: reviewId },
      reviews,
    );
    expect(cardText(r.body.value)).toMatch(/Approved by Rita/);
    await h.connector.waitFor(() => h.connector.updated.find((u) => u.activityId === posted.id));
  });
});

test('without credentials only loopback callers are served', async () => {
  const h = await startTeamsHarness();
  try {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    expect(external).toBeDefined();
    const activity = messageActivity(USERS.ana, 'help', 'personal', { serviceUrl: h.connector.url });
    const res = await fetch(`http://${external!.address}:${h.bot.port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    expect(res.status).toBe(401);
    expect(await res.text()).toMatch(/MICROSOFT_APP_ID/);
    expect(h.connector.calls).toHaveLength(0);
    expect(h.logs.join('\n')).toMatch(/Teams is in local mode/);
  } finally {
    await h.close();
  }
});

test('with credentials a caller without a valid token is refused and nothing is sent', async () => {
  const h = await startTeamsHarness({
    env: {
      MICROSOFT_APP_ID: '9e2b4c6d-8f01-4a23-b456-789abcdef012',
      MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
      MICROSOFT_APP_TENANT_ID: '4d7a9c1e-2b3f-4e5a-8c6d-7f8091a2b3c4',
    },
  });
  try {
    expect((await h.say(USERS.ana, 'help')).status).toBe(401);
    expect((await h.say(USERS.ana, 'help', 'personal', { authorization: 'Bearer not.a.jwt' })).status).toBe(401);
    expect(h.connector.calls).toHaveLength(0);
    expect(h.logs.join('\n')).not.toContain('not-a-real-secret');
  } finally {
    await h.close();
  }
});
