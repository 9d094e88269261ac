import { createGraphClient } from '../../adapters/microsoft-graph/graph-client';
import { createPowerPlatformClient } from '../../adapters/microsoft-graph/power-platform-client';
import { createPowerPlatformDiscoverySource } from '../../adapters/microsoft-graph/power-platform-discovery-source';
import type { DiscoveredFacts, DiscoverySource } from '../../src/ports/discovery-source';
import { DiscoverySourceError } from '../../src/ports/discovery-source';
import type { FakeGraph } from '../support/fake-graph';
import { fakeInventoryResource, GRAPH_APP, POWER_PLATFORM_SIGN_IN, startFakeGraph } from '../support/fake-graph';

const ANA = 'b0000000-0000-4000-8000-0000000000a1';
const RAJ = 'b0000000-0000-4000-8000-0000000000a2';

let graph: FakeGraph;
beforeAll(async () => {
  graph = await startFakeGraph({
    inventory: [
      fakeInventoryResource('microsoft.powerapps/canvasapps', 'f0000000-0000-4000-8000-000000000001', 'Leave planner', {
        createdBy: ANA,
        ownerId: ANA,
        createdAt: '2026-08-01T09:00:00Z',
        lastModifiedAt: '2026-11-20T16:45:00Z',
      }),
      fakeInventoryResource('microsoft.powerplatform/environments', 'Default-env', 'Contoso (default)'),
      fakeInventoryResource(
        'microsoft.powerautomate/cloudflows',
        'f0000000-0000-4000-8000-000000000002',
        'Invoice mailer',
        {
          createdBy: ANA,
          ownerId: RAJ,
        },
      ),
      fakeInventoryResource('microsoft.powerapps/modeldrivenapps', 'f0000000-0000-4000-8000-000000000009', 'CRM'),
      fakeInventoryResource('microsoft.copilotstudio/agents', 'f0000000-0000-4000-8000-000000000003', 'HR helper', {
        createdBy: RAJ,
      }),
    ],
  });
});
afterAll(() => graph.close());
beforeEach(() => {
  graph.requests.length = 0;
  graph.inventoryQueries.length = 0;
  graph.allowAll();
});

const graphConfig = () => ({ ...GRAPH_APP, apiUrl: graph.url, loginUrl: graph.url });
const source = (refreshToken: string = POWER_PLATFORM_SIGN_IN.refreshToken) =>
  createPowerPlatformDiscoverySource(
    createPowerPlatformClient(graphConfig(), { apiUrl: graph.url, refreshToken }, { retries: 0 }),
  );

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

test('power-platform pages through canvas apps, cloud flows and agents to the end, with creator, owner and dates', async () => {
  const s = source();
  expect(s.name).toBe('power-platform');
  expect(s.paceMs).toBe(400);

  const { items, cursors } = await scanAll(s);

  expect(cursors).toHaveLength(1);
  expect(items).toEqual([
    {
      externalId: 'f0000000-0000-4000-8000-000000000001',
      name: 'Leave planner',
      kind: 'app',
      people: [{ ref: `teams:${ANA}`, sourceId: ANA }],
      createdAt: '2026-08-01T09:00:00.000Z',
      lastModifiedAt: '2026-11-20T16:45:00.000Z',
    },
    {
      externalId: 'f0000000-0000-4000-8000-000000000002',
      name: 'Invoice mailer',
      kind: 'flow',
      people: [
        { ref: `teams:${ANA}`, sourceId: ANA },
        { ref: `teams:${RAJ}`, sourceId: RAJ },
      ],
      createdAt: '2026-09-14T08:00:00.000Z',
    },
    {
      externalId: 'f0000000-0000-4000-8000-000000000003',
      name: 'HR helper',
      kind: 'agent',
      people: [{ ref: `teams:${RAJ}`, sourceId: RAJ }],
      createdAt: '2026-09-14T08:00:00.000Z',
    },
  ]);

  const [first, second] = graph.inventoryQueries as { Options: { Top: number; SkipToken?: string } }[];
  expect(first).toMatchObject({ TableName: 'PowerPlatformResources', Options: { Top: 1000 } });
  expect(first!.Options.SkipToken).toBeUndefined();
  expect(second!.Options.SkipToken).toEqual(expect.any(String));
  expect(graph.requests.filter((r) => r.path.startsWith('/resourcequery/'))).toHaveLength(2);
  expect(graph.tokenRequests()).toBe(1);
});

test('a stored cursor resumes with a fresh client from the page it names; a cursor of another shape starts over', async () => {
  const first = await source().scanPage();
  expect(first.cursor).toBeDefined();

  const rest = await scanAll(source(), first.cursor);
  expect(rest.items.map((i) => i.name)).toEqual(['HR helper']);

  const over = await source().scanPage('not a cursor');
  expect(over.items.map((i) => i.name)).toEqual(['Leave planner', 'Invoice mailer']);
});

test('a 429 is a passing failure carrying Retry-After; the same page reads once the API lets it', async () => {
  const s = source();
  graph.throttle(1, '9');
  const error = await failure(s.scanPage());
  expect(error).toMatchObject({
    source: 'power-platform',
    code: 'power-platform.throttled',
    permanent: false,
    retryAfterMs: 9000,
  });
  expect((await s.scanPage()).items).toHaveLength(2);
});

test('a user without an admin role is refused: the source stops and says which role and permission the sign-in needs', async () => {
  graph.forbidPath('/resourcequery/');
  const error = await failure(source().scanPage());
  expect(error).toMatchObject({ code: 'power-platform.forbidden', permanent: true });
  expect(error.fix).toMatch(/Power Platform Administrator/);
  expect(error.fix).toMatch(/ResourceQuery\.Resources\.Read/);
  expect(error.fix).toMatch(/POWER_PLATFORM_REFRESH_TOKEN/);
  expect(error.fix).not.toMatch(/Microsoft Graph application permission/);
});

test('an app-only token is refused by the inventory, as Microsoft documents, and said so', async () => {
  const appOnly = createPowerPlatformDiscoverySource(
    createGraphClient({ ...graphConfig(), apiUrl: graph.url }, { retries: 0, service: 'the Power Platform API' }),
  );
  const error = await failure(appOnly.scanPage());
  expect(error).toMatchObject({ code: 'power-platform.forbidden', permanent: true });
  expect(error.fix).toMatch(/signed-in user/);
});

test('an expired sign-in is permanent and says to sign in again and replace POWER_PLATFORM_REFRESH_TOKEN', async () => {
  const error = await failure(source('0.AAAA-a-refresh-token-that-expired').scanPage());
  expect(error).toMatchObject({ code: 'power-platform.credentials', permanent: true });
  expect(error.fix).toMatch(/refused the sign-in in POWER_PLATFORM_REFRESH_TOKEN \(invalid_grant/);
  expect(error.fix).toMatch(/Sign in again as a Power Platform admin/);
});

test('an answer that is not JSON is a passing failure with a plain message', async () => {
  graph.garbage(1);
  const error = await failure(source().scanPage());
  expect(error).toMatchObject({ code: 'power-platform.garbage', permanent: false });
  expect(error.fix).toMatch(/The Power Platform API answered .* not JSON/);
  expect(error.fix).toMatch(/POWER_PLATFORM_API_URL/);
});
