import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEntraAppsDiscoverySource } from '../../adapters/microsoft-graph/entra-apps-discovery-source';
import { createGraphClient } from '../../adapters/microsoft-graph/graph-client';
import { createTeamsAppsDiscoverySource } from '../../adapters/microsoft-graph/teams-apps-discovery-source';
import type { GraphConfig } from '../../src/config/config';
import type { DiscoveredFacts, DiscoverySource } from '../../src/ports/discovery-source';
import { DiscoverySourceError } from '../../src/ports/discovery-source';
import type { FakeGraph, FakeGraphUser } from '../support/fake-graph';
import { fakeApplication, fakeTeamsApp, GRAPH_APP, startFakeGraph } from '../support/fake-graph';

const ana: FakeGraphUser = {
  id: 'b0000000-0000-4000-8000-0000000000a1',
  displayName: 'Ana Maker',
  mail: 'Ana@Example.com',
  userPrincipalName: 'ana@example.com',
};
const raj: FakeGraphUser = {
  id: 'b0000000-0000-4000-8000-0000000000a2',
  displayName: 'Raj Builder',
  mail: null,
  userPrincipalName: 'raj@example.com',
};
const GRAPH_ID = '00000003-0000-0000-c000-000000000000';

let graph: FakeGraph;
beforeAll(async () => {
  graph = await startFakeGraph({
    users: [ana, raj],
    teamsApps: [
      fakeTeamsApp('c0000000-0000-4000-8000-000000000001', 'Leave tracker', { creator: ana }),
      fakeTeamsApp('c0000000-0000-4000-8000-000000000002', 'Store app', { distributionMethod: 'store' }),
      fakeTeamsApp('c0000000-0000-4000-8000-000000000003', 'Expense bot', { creator: raj, bot: true }),
      fakeTeamsApp('c0000000-0000-4000-8000-000000000004', 'Pending helper', {
        creator: ana,
        publishingState: 'submitted',
      }),
      fakeTeamsApp('c0000000-0000-4000-8000-000000000005', 'Orphan app', {
        creator: { id: 'b0000000-0000-4000-8000-0000000000ff', displayName: 'Left Company' },
      }),
    ],
    applications: [
      fakeApplication('d0000000-0000-4000-8000-000000000001', 'Renewal nudger', {
        owners: [ana],
        createdDateTime: '2026-09-01T10:00:00Z',
        requiredResourceAccess: [
          {
            resourceAppId: GRAPH_ID,
            resourceAccess: [
              { id: 'df021288-bdef-4463-88db-98f22de89214', type: 'Role' },
              { id: 'e1fe6dd8-ba31-4d61-89e7-88639da4683d', type: 'Scope' },
            ],
          },
        ],
      }),
      fakeApplication('d0000000-0000-4000-8000-000000000002', 'Ownerless sync'),
      fakeApplication('d0000000-0000-4000-8000-000000000003', 'Shared dashboard', { owners: [raj, ana] }),
    ],
  });
});
afterAll(() => graph.close());
beforeEach(() => {
  graph.requests.length = 0;
  graph.allowAll();
});

const config = (extra: Partial<GraphConfig> = {}): GraphConfig => ({
  ...GRAPH_APP,
  apiUrl: graph.url,
  loginUrl: graph.url,
  ...extra,
});
const teams = (extra: Partial<GraphConfig> = {}) =>
  createTeamsAppsDiscoverySource(createGraphClient(config(extra), { retries: 0 }), graph.url);
const entra = () => createEntraAppsDiscoverySource(createGraphClient(config(), { retries: 0 }), graph.url);

async function scanAll(s: DiscoverySource, cursor?: string) {
  const items: DiscoveredFacts[] = [];
  const cursors: string[] = [];
  let at = cursor;
  for (let pages = 0; pages < 20; pages += 1) {
    const page = await s.scanPage(at);
    items.push(...page.items);
    if (page.cursor === undefined) return { items, cursors };
    cursors.push(page.cursor);
    at = page.cursor;
  }
  throw new Error('the scan did not end');
}

const failure = async (promise: Promise<unknown>): Promise<DiscoverySourceError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DiscoverySourceError);
  return error as DiscoverySourceError;
};

test('teams-apps pages through the organization catalog to the end; a bot is a bot, a submitted app is still an item, creators carry their email', async () => {
  const s = teams();
  expect(s.name).toBe('teams-apps');
  expect(s.paceMs).toBe(250);

  const { items, cursors } = await scanAll(s);

  expect(cursors).toHaveLength(1);
  expect(items.map((i) => i.name)).toEqual(['Leave tracker', 'Expense bot', 'Pending helper', 'Orphan app']);
  expect(items[0]).toEqual({
    externalId: 'c0000000-0000-4000-8000-000000000001',
    name: 'Leave tracker',
    kind: 'app',
    people: [{ ref: `teams:${ana.id}`, sourceId: ana.id, displayName: 'Ana Maker', email: 'ana@example.com' }],
    lastModifiedAt: '2026-11-02T09:30:00.000Z',
  });
  expect(items[1]).toMatchObject({ kind: 'bot', people: [{ ref: `teams:${raj.id}`, email: 'raj@example.com' }] });
  expect(items[2]).toMatchObject({ externalId: 'c0000000-0000-4000-8000-000000000004', kind: 'app' });
  expect(items[3]!.people).toEqual([
    {
      ref: 'teams:b0000000-0000-4000-8000-0000000000ff',
      sourceId: 'b0000000-0000-4000-8000-0000000000ff',
      displayName: 'Left Company',
    },
  ]);

  const catalog = graph.requests.filter((r) => r.path.startsWith('/v1.0/appCatalogs/teamsApps'));
  expect(catalog).toHaveLength(2);
  const first = new URL(catalog[0]!.path, graph.url);
  expect(first.searchParams.get('$filter')).toBe("distributionMethod eq 'organization'");
  expect(first.searchParams.get('$expand')).toBe('appDefinitions($expand=bot)');
  expect(graph.requests.filter((r) => r.path.startsWith(`/v1.0/users/${ana.id}`))).toHaveLength(1);
  expect(graph.tokenRequests()).toBe(1);
});

test('a 403 on the user look-up is not a failure: the creator is kept without an email', async () => {
  graph.forbidPath('/v1.0/users/');
  const { items } = await scanAll(teams());
  expect(items).toHaveLength(4);
  expect(items[0]!.people).toEqual([{ ref: `teams:${ana.id}`, sourceId: ana.id, displayName: 'Ana Maker' }]);
});

test('a 429 is a passing failure carrying Retry-After; the same page reads once Graph lets it', async () => {
  const s = teams();
  graph.throttle(1, '7');
  const error = await failure(s.scanPage());
  expect(error).toMatchObject({
    source: 'teams-apps',
    code: 'teams-apps.throttled',
    permanent: false,
    retryAfterMs: 7000,
  });
  expect((await s.scanPage()).items).toHaveLength(2);
});

test('a missing application permission stops the source with the permission to grant and admin consent', async () => {
  graph.forbidPath('/v1.0/appCatalogs/');
  const error = await failure(teams().scanPage());
  expect(error.permanent).toBe(true);
  expect(error.code).toBe('teams-apps.forbidden');
  expect(error.fix).toMatch(/AppCatalog\.Read\.All/);
  expect(error.fix).toMatch(/grant admin consent/);

  graph.forbidPath('/v1.0/applications');
  const entraError = await failure(entra().scanPage());
  expect(entraError).toMatchObject({ source: 'entra-apps', code: 'entra-apps.forbidden', permanent: true });
  expect(entraError.fix).toMatch(/Application\.Read\.All/);
});

test('a refused client secret is permanent and names the settings to check', async () => {
  const error = await failure(teams({ clientSecret: 'wrong' }).scanPage());
  expect(error).toMatchObject({ code: 'teams-apps.credentials', permanent: true });
  expect(error.fix).toMatch(/GRAPH_CLIENT_SECRET/);
});

test('an answer that is not JSON is a passing failure with a plain message', async () => {
  graph.garbage(1);
  const error = await failure(entra().scanPage());
  expect(error).toMatchObject({ code: 'entra-apps.garbage', permanent: false });
  expect(error.fix).toMatch(/not JSON/);
});

test('a stored cursor resumes with a fresh client from the page it names', async () => {
  const first = await teams().scanPage();
  expect(first.cursor).toBeDefined();
  graph.requests.length = 0;

  const rest = await scanAll(teams(), first.cursor);

  expect(rest.items.map((i) => i.name)).toEqual(['Pending helper', 'Orphan app']);
  const catalog = graph.requests.filter((r) => r.path.startsWith('/v1.0/appCatalogs/'));
  expect(catalog).toHaveLength(1);
  expect(new URL(catalog[0]!.path, graph.url).searchParams.get('$skiptoken')).toBe('2');
});

test('a cursor pointing at another host is never followed: the scan starts over at GRAPH_API_URL', async () => {
  const elsewhere: string[] = [];
  const other = createServer((req, res) => {
    elsewhere.push(`${req.url} ${req.headers.authorization ?? ''}`);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"value":[]}');
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  try {
    const stolen = JSON.stringify({ next: `${otherUrl}/v1.0/appCatalogs/teamsApps?$skiptoken=2` });
    const page = await teams().scanPage(stolen);
    expect(elsewhere).toEqual([]);
    expect(page.items.map((i) => i.name)).toEqual(['Leave tracker', 'Expense bot']);
    const garbled = await teams().scanPage('not a cursor');
    expect(garbled.items.map((i) => i.name)).toEqual(['Leave tracker', 'Expense bot']);
  } finally {
    await new Promise<void>((resolve) => other.close(() => resolve()));
  }
});

test('a next page Graph places on another host is refused before the token goes there', async () => {
  const odd = await startFakeGraph({
    applications: [fakeApplication('d1', 'One'), fakeApplication('d2', 'Two'), fakeApplication('d3', 'Three')],
    nextLinkBase: 'http://127.0.0.2:9',
  });
  try {
    const s = createEntraAppsDiscoverySource(
      createGraphClient({ ...GRAPH_APP, apiUrl: odd.url, loginUrl: odd.url }, { retries: 0 }),
      odd.url,
    );
    const error = await failure(s.scanPage());
    expect(error).toMatchObject({ code: 'entra-apps.unavailable', permanent: false });
    expect(error.fix).toMatch(/another host \(http:\/\/127\.0\.0\.2:9\)/);
  } finally {
    await odd.close();
  }
});

test('entra-apps pages through app registrations with owners, creation date and requested permissions', async () => {
  const s = entra();
  expect(s.name).toBe('entra-apps');
  const { items, cursors } = await scanAll(s);
  expect(cursors).toHaveLength(1);
  expect(items).toEqual([
    {
      externalId: 'd0000000-0000-4000-8000-000000000001',
      name: 'Renewal nudger',
      kind: 'app',
      people: [{ ref: `teams:${ana.id}`, sourceId: ana.id, displayName: 'Ana Maker', email: 'ana@example.com' }],
      createdAt: '2026-09-01T10:00:00.000Z',
      permissions: [
        'graph:Role:df021288-bdef-4463-88db-98f22de89214',
        'graph:Scope:e1fe6dd8-ba31-4d61-89e7-88639da4683d',
      ],
    },
    {
      externalId: 'd0000000-0000-4000-8000-000000000002',
      name: 'Ownerless sync',
      kind: 'app',
      people: [],
      createdAt: '2026-10-01T08:00:00.000Z',
    },
    expect.objectContaining({
      name: 'Shared dashboard',
      people: [
        { ref: `teams:${raj.id}`, sourceId: raj.id, displayName: 'Raj Builder', email: 'raj@example.com' },
        expect.objectContaining({ email: 'ana@example.com' }),
      ],
    }),
  ]);
  const listed = graph.requests.filter((r) => r.path.startsWith('/v1.0/applications'));
  expect(new URL(listed[0]!.path, graph.url).searchParams.get('$expand')).toBe(
    'owners($select=id,displayName,mail,userPrincipalName)',
  );
});
