import { encodeAddress } from '../../adapters/teams/teams-address';
import { teamsConnectionCheck } from '../../adapters/teams/teams-connection-check';
import type { TeamsConfig } from '../../src/config/config';
import { loadConfig } from '../../src/config/config';
import { connectedPlatforms } from '../../src/runtime';
import { platformChecks } from '../../src/start-bot';
import { routeKey } from '../../src/domain/route-key';
import type { Registry } from '../../src/ports/registry';
import type { FakeConnector } from '../support/fake-connector';
import { startFakeConnector } from '../support/fake-connector';
import { createTestRegistry } from '../support/test-databases';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const ROUTED = [
  { channel: 'Micro app reviews', tiers: [2] },
  { channel: 'Micro app security reviews', tiers: [3] },
];

let connector: FakeConnector;
let registry: Registry & { close(): Promise<void> };
beforeAll(async () => {
  connector = await startFakeConnector();
  connector.addApp({ appId: APP_ID, password: 'right-secret', tenantId: TENANT });
  registry = await createTestRegistry('sqlite');
  for (const [name, id] of [
    ['Micro app reviews', '19:reviews@thread.tacv2'],
    ['Micro app security reviews', '19:security@thread.tacv2'],
  ] as const)
    await registry.addresses.put(
      'teams',
      `route:${routeKey(name)}`,
      encodeAddress({ serviceUrl: connector.url, conversationId: id, tenantId: TENANT }),
      '2026-12-01T10:00:00.000Z',
    );
});
afterAll(async () => {
  await registry.close();
  await connector.close();
});
beforeEach(() => connector.clear());

const check = (config: Partial<TeamsConfig>) =>
  teamsConnectionCheck({
    config: {
      appId: APP_ID,
      appPassword: 'right-secret',
      appType: 'SingleTenant',
      tenantId: TENANT,
      local: false,
      ...config,
    },
    connected: true,
    addresses: registry.addresses,
    loginUrl: connector.loginUrl,
    timeoutMs: 2000,
  });

test('a working app id and password and reachable routed channels: no findings, and the connector was asked with the token', async () => {
  expect(await check({}).check(ROUTED)).toEqual([]);
  const tokenCall = connector.calls.find((c) => c.path.endsWith('/oauth2/v2.0/token'))!;
  expect(tokenCall.path).toBe(`/${TENANT}/oauth2/v2.0/token`);
  const members = connector.calls.filter((c) => c.method === 'GET' && c.path.endsWith('/members'));
  expect(members.map((c) => c.path)).toEqual([
    '/v3/conversations/19:reviews@thread.tacv2/members',
    '/v3/conversations/19:security@thread.tacv2/members',
  ]);
  expect(members.every((c) => c.headers.authorization === `Bearer ${connector.tokens.at(-1)}`)).toBe(true);
});

test('a wrong password is a finding naming MICROSOFT_APP_PASSWORD, and no channel is asked about without a token', async () => {
  const findings = await check({ appPassword: 'stale-secret' }).check(ROUTED);
  expect(findings).toEqual([
    expect.objectContaining({
      check: 'teams',
      subject: 'MICROSOFT_APP_ID',
      problem: expect.stringContaining('AADSTS7000215'),
      fix: expect.stringMatching(/^MICROSOFT_APP_PASSWORD is wrong or expired: create a new client secret/),
    }),
  ]);
  expect(connector.calls.filter((c) => c.path.endsWith('/members'))).toEqual([]);
});

test('an app id unknown in the tenant, and an unknown tenant, get their own fixes', async () => {
  const [unknownApp] = await check({ appId: '99999999-2222-3333-4444-555555555555' }).check([]);
  expect(unknownApp!.fix).toMatch(/^MICROSOFT_APP_ID is not an app in tenant aaaaaaaa-/);
  const [unknownTenant] = await check({ tenantId: '00000000-0000-0000-0000-000000000000' }).check([]);
  expect(unknownTenant!.fix).toMatch(/^MICROSOFT_APP_TENANT_ID is not a tenant/);
});

test('a routed channel without a stored address, and one the connector refuses, are findings with their fixes', async () => {
  connector.failNext(
    { method: 'GET', path: /security@thread\.tacv2\/members$/ },
    {
      status: 403,
      body: {
        error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' },
      },
    },
  );
  const findings = await check({}).check([...ROUTED, { channel: 'Micro app finance reviews', tiers: [2, 3] }]);
  expect(findings).toEqual([
    expect.objectContaining({
      subject: 'teams Micro app security reviews',
      problem: expect.stringContaining('HTTP 403 BotNotInConversationRoster'),
      fix: expect.stringContaining("Add the app to that channel's team again"),
    }),
    expect.objectContaining({
      subject: 'teams Micro app finance reviews',
      problem:
        'The policy sends tier 2 and 3 approval cards to Teams "Micro app finance reviews", but no channel has been routed there yet, so they cannot be posted.',
      fix: expect.stringContaining('"@microapp route Micro app finance reviews here"'),
    }),
  ]);
});

test('a multi-tenant app asks the botframework.com tenant; without an app id (local mode) only the stored addresses are checked', async () => {
  connector.addApp({ appId: APP_ID.replace(/^1/, '2'), password: 'multi' });
  expect(
    await check({
      appId: APP_ID.replace(/^1/, '2'),
      appPassword: 'multi',
      appType: 'MultiTenant',
      tenantId: undefined,
    }).check([]),
  ).toEqual([]);
  expect(connector.calls.map((c) => c.path)).toEqual(['/botframework.com/oauth2/v2.0/token']);
  connector.clear();
  const local = check({ appId: undefined, local: true });
  expect(await local.check(ROUTED)).toEqual([]);
  expect(await local.check([{ channel: 'Nowhere yet', tiers: [2] }])).toEqual([
    expect.objectContaining({
      subject: 'teams Nowhere yet',
      problem: expect.stringMatching(/no channel has been routed/),
    }),
  ]);
  expect(connector.calls).toEqual([]);
});

test('the doctor counts Teams as connected exactly when routing posts to it: local mode and installs without Slack too', () => {
  const slack = { SLACK_BOT_TOKEN: 'xoxb-doctor', SLACK_SIGNING_SECRET: '0123456789abcdef' };
  const cases: [NodeJS.ProcessEnv, boolean][] = [
    [slack, false],
    [{ ...slack, TEAMS_LOCAL: 'on' }, true],
    [{}, true],
    [
      {
        ...slack,
        MICROSOFT_APP_ID: '8f2c3a1e-4b5d-4c6e-9f70-1a2b3c4d5e6f',
        MICROSOFT_APP_PASSWORD: 'pw',
        MICROSOFT_APP_TENANT_ID: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      },
      true,
    ],
  ];
  for (const [env, teams] of cases) {
    const config = loadConfig(env);
    const check = platformChecks(config, registry).find((p) => p.platform === 'teams')!;
    expect({ env, configured: check.configured }).toEqual({ env, configured: teams });
    expect(check.configured).toBe(connectedPlatforms(config).includes('teams'));
  }
});
