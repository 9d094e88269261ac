import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeConnector } from '../support/fake-connector';
import { startFakeConnector } from '../support/fake-connector';
import {
  BOT,
  DEFAULT_TEAM,
  TENANT_ID,
  USERS,
  cardActionActivity,
  channelConversationId,
  messageActivity,
  personalConversationId,
  teamsRef,
} from '../support/teams-activities';
import { startTeamsHarness } from '../support/teams-harness';

let connector: FakeConnector;
beforeEach(async () => {
  connector = await startFakeConnector();
  connector.addMember({
    id: USERS.rita.id,
    name: USERS.rita.name,
    aadObjectId: USERS.rita.aadObjectId,
    email: USERS.rita.email,
    tenantId: TENANT_ID,
  });
  connector.addTeam(DEFAULT_TEAM);
});
afterEach(() => connector.close());

const at = (path: string) => `${connector.url}${path.replace(/^\//, '')}`;
const send = (path: string, body: unknown, method = 'POST') =>
  fetch(at(path), { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const conv = encodeURIComponent('19:abc@thread.tacv2;messageid=1800000000001');

test('records sends, replies, updates and new conversations, and hands out ids to update with', async () => {
  expect(connector.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/amer\/$/);
  const res = await send(`/v3/conversations/${conv}/activities`, { type: 'message', text: 'hello' });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  expect(connector.sent).toEqual([
    { conversationId: '19:abc@thread.tacv2;messageid=1800000000001', activity: { type: 'message', text: 'hello' }, id },
  ]);

  const reply = await send(`/v3/conversations/${conv}/activities/1800000000001`, { type: 'message', text: 'a reply' });
  expect(reply.status).toBe(201);
  expect(connector.sent[1]).toMatchObject({ replyToId: '1800000000001', activity: { text: 'a reply' } });

  expect(
    (await send(`/v3/conversations/${conv}/activities/${id}`, { type: 'message', text: 'changed' }, 'PUT')).status,
  ).toBe(200);
  expect(connector.updated).toEqual([
    {
      conversationId: '19:abc@thread.tacv2;messageid=1800000000001',
      activityId: id,
      activity: { type: 'message', text: 'changed' },
    },
  ]);
  const wrong = await send(`/v3/conversations/${conv}/activities/a:not-a-message`, { type: 'message' }, 'PUT');
  expect(wrong.status).toBe(404);

  const created = await send('/v3/conversations', {
    isGroup: false,
    bot: BOT,
    members: [{ id: USERS.rita.id }],
    tenantId: TENANT_ID,
    channelData: { tenant: { id: TENANT_ID } },
    activity: { type: 'message', text: 'psst' },
  });
  expect(created.status).toBe(201);
  const body = (await created.json()) as { id: string; activityId: string; serviceUrl: string };
  expect(body).toEqual({ id: 'a:new-1', activityId: expect.stringMatching(/^\d{13}$/), serviceUrl: connector.url });
  expect(connector.sentTo('a:new-1')).toEqual([
    { conversationId: 'a:new-1', activity: { type: 'message', text: 'psst' }, id: body.activityId },
  ]);
  expect(connector.created).toHaveLength(1);
  // The same user's chat keeps its id, as in Teams.
  expect(
    ((await (await send('/v3/conversations', { members: [{ id: USERS.rita.id }] })).json()) as { id: string }).id,
  ).toBe('a:new-1');

  expect(connector.authHeaders.every((h) => h === undefined)).toBe(true);
  expect(connector.calls.map((c) => `${c.method} ${c.status}`)).toEqual([
    'POST 201',
    'POST 201',
    'PUT 200',
    'PUT 404',
    'POST 201',
    'POST 201',
  ]);
  // Outside the service URL's path nothing answers: a client that drops /amer/ finds out.
  expect(
    (await fetch(connector.url.replace('/amer/', '/v3/conversations'), { method: 'POST', body: '{}' })).status,
  ).toBe(404);
});

test('answers member look-ups by Teams id, AAD object id or email, with the fields Teams sends, and 404 for strangers', async () => {
  const expected = {
    id: USERS.rita.id,
    name: 'Rita Reviewer',
    objectId: USERS.rita.aadObjectId,
    givenName: 'Rita',
    surname: 'Reviewer',
    email: 'rita@example.com',
    userPrincipalName: 'rita@example.com',
    tenantId: TENANT_ID,
    userRole: 'user',
  };
  for (const key of [USERS.rita.id, USERS.rita.aadObjectId, 'Rita@Example.com']) {
    const res = await fetch(
      at(`/v3/conversations/${encodeURIComponent(DEFAULT_TEAM.id)}/members/${encodeURIComponent(key)}`),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(expected);
  }
  const missing = await fetch(at(`/v3/conversations/a:1x/members/${encodeURIComponent(USERS.otto.id)}`));
  expect(missing.status).toBe(404);
  expect(await missing.json()).toEqual({
    error: { code: 'MemberNotFoundInConversation', message: expect.any(String) },
  });

  expect(await (await fetch(at('/v3/conversations/a:1x/members'))).json()).toEqual([expected]);
  expect(await (await fetch(at('/v3/conversations/a:1x/pagedmembers?pageSize=100'))).json()).toEqual({
    members: [expected],
  });
  const channels = (await (
    await fetch(at(`/v3/teams/${encodeURIComponent(DEFAULT_TEAM.id)}/conversations`))
  ).json()) as { conversations: { id: string; name: string | null }[] };
  expect(channels.conversations).toContainEqual({ id: DEFAULT_TEAM.id, name: null });
  expect(channels.conversations.map((c) => c.name)).toContain('Micro app reviews');

  connector.removeMember(USERS.rita.email);
  expect((await fetch(at(`/v3/conversations/a:1x/members/${encodeURIComponent(USERS.rita.id)}`))).status).toBe(404);
});

test('a 429 with Retry-After is answered as many times as asked, then the send goes through', async () => {
  connector.failNext(
    { method: 'POST', path: /\/activities$/ },
    {
      status: 429,
      headers: { 'Retry-After': '1' },
      body: { error: { code: 'TooManyRequests', message: 'Too many requests.' } },
    },
    2,
  );
  for (let i = 0; i < 2; i++) {
    const res = await send(`/v3/conversations/${conv}/activities`, { type: 'message', text: 'hi' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
  }
  // Only matching requests use up the fault.
  expect((await fetch(at(`/v3/conversations/a:1x/members/${encodeURIComponent(USERS.rita.id)}`))).status).toBe(200);
  const ok = await send(`/v3/conversations/${conv}/activities`, { type: 'message', text: 'hi' });
  expect(ok.status).toBe(201);
  expect(connector.sent).toHaveLength(1);
  expect(connector.calls.map((c) => c.status)).toEqual([429, 429, 200, 201]);
});

test('a 403 from a blocked user carries the error Teams sends, and waitFor says what happened when it times out', async () => {
  const blocked = {
    error: { code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' },
  };
  connector.failNext({ path: /^\/v3\/conversations\/a:/ }, { status: 403, body: blocked });
  const res = await send('/v3/conversations/a:1blocked/activities', { type: 'message', text: 'hello?' });
  expect(res.status).toBe(403);
  expect(await res.json()).toEqual(blocked);
  expect(connector.sent).toEqual([]);

  const failure = connector.waitFor(() => connector.sent.find((s) => s.activity.text === 'never'), 50);
  await expect(failure).rejects.toThrow(
    /timed out after 50 ms.*\n\s+POST \/v3\/conversations\/a:1blocked\/activities → 403 \{"type":"message","text":"hello\?"\}/,
  );
  setTimeout(() => void send(`/v3/conversations/${conv}/activities`, { type: 'message', text: 'later' }), 20);
  expect(await connector.waitFor(() => connector.sent.find((s) => s.activity.text === 'later'))).toMatchObject({
    activity: { text: 'later' },
  });
});

test('activities look like Teams sends them', () => {
  const personal = messageActivity(USERS.ana, 'register', 'personal', {
    serviceUrl: connector.url,
    timestamp: new Date('2026-11-21T10:00:00Z'),
  });
  expect(personal).toMatchObject({
    type: 'message',
    channelId: 'msteams',
    serviceUrl: connector.url,
    text: 'register',
    timestamp: '2026-11-21T10:00:00.000Z',
    localTimestamp: '2026-11-21T11:00:00.000+01:00',
    localTimezone: 'Europe/Berlin',
    from: { id: USERS.ana.id, name: 'Ana Owner', aadObjectId: USERS.ana.aadObjectId },
    recipient: BOT,
    conversation: { conversationType: 'personal', tenantId: TENANT_ID, id: personalConversationId(USERS.ana) },
    channelData: { tenant: { id: TENANT_ID } },
  });
  const place = { team: 'Contoso', channel: 'Work' };
  const inChannel = messageActivity(USERS.ana, 'register', place, { serviceUrl: connector.url, id: '1800000000099' });
  expect(inChannel.text).toBe('<at>microapp</at> register');
  expect(inChannel.conversation).toEqual({
    isGroup: true,
    conversationType: 'channel',
    tenantId: TENANT_ID,
    id: channelConversationId(place, '1800000000099'),
  });
  expect(inChannel.conversation.id).toMatch(/^19:[0-9a-f]{32}@thread\.tacv2;messageid=1800000000099$/);
  expect(inChannel.channelData).toMatchObject({
    team: { id: DEFAULT_TEAM.id },
    channel: { id: DEFAULT_TEAM.channels.find((c) => c.name === 'Work')!.id },
    tenant: { id: TENANT_ID },
  });
  expect(inChannel.entities[0]).toEqual({ type: 'mention', text: '<at>microapp</at>', mentioned: BOT });
  const click = cardActionActivity(
    USERS.rita,
    'approve',
    { app: 'x' },
    { team: 'Contoso', channel: 'Micro app reviews' },
    { serviceUrl: connector.url, replyToId: '1700000000001' },
  );
  expect(click).toMatchObject({
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: '1700000000001',
    value: { action: { type: 'Action.Execute', verb: 'approve', data: { app: 'x' } }, trigger: 'manual' },
  });
  expect(click.conversation.id).toMatch(/;messageid=1700000000001$/);
  expect(teamsRef(USERS.rita)).toBe(`teams:${USERS.rita.aadObjectId}`);
});

test('the harness starts the bot with the fake connector and posts over HTTP (no Teams endpoint yet: 404)', async () => {
  const h = await startTeamsHarness();
  try {
    expect(h.url).toBe(`http://127.0.0.1:${h.bot.port}/api/messages`);
    const said = await h.say(USERS.ana, 'register');
    expect(said.activity.serviceUrl).toBe(h.connector.url);
    expect([200, 404]).toContain(said.status);
    const lookup = await fetch(`${h.connector.url}v3/conversations/x/members/${encodeURIComponent(USERS.sam.email)}`);
    expect(await lookup.json()).toMatchObject({ objectId: USERS.sam.aadObjectId });
    const roles = readFileSync(join(h.policyDir, 'roles.yaml'), 'utf8');
    expect(roles).toContain(teamsRef(USERS.rita));
    expect(roles).toContain('sam@example.com');
  } finally {
    await h.close();
  }
});
