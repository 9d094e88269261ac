import type { DatabaseTarget } from '../../src/store/database-target';
import { cli, manifestDir } from '../support/cli-harness';
import type { FakeGraph } from '../support/fake-graph';
import { fakeTeamsApp, GRAPH_APP, startFakeGraph } from '../support/fake-graph';
import { tier1 } from '../support/manifests';
import { createTestDatabase } from '../support/test-databases';
import { policyCopy } from '../support/test-policy';

const url = (t: DatabaseTarget) => (t.kind === 'sqlite' ? `sqlite:${t.file}` : t.url);
const NUDGER = 'e0000000-0000-4000-8000-000000000001';
const maker = { id: 'b0000000-0000-4000-8000-0000000000b1', displayName: 'Ana Maker' };

let graph: FakeGraph;
let env: NodeJS.ProcessEnv;
let drop: () => Promise<void>;
const dir = manifestDir({
  'nudger.yaml': tier1({ name: 'Renewal nudger', externalRefs: [`teams-apps:${NUDGER}`] }),
});
const run = (...args: string[]) => cli(args, env, dir);

beforeAll(async () => {
  graph = await startFakeGraph({
    users: [{ ...maker, mail: 'ana@example.com', userPrincipalName: 'ana@example.com' }],
    teamsApps: [
      fakeTeamsApp(NUDGER, 'Renewal nudger', { creator: maker }),
      fakeTeamsApp('e0000000-0000-4000-8000-000000000002', 'Expense bot', { creator: maker, bot: true }),
      fakeTeamsApp('e0000000-0000-4000-8000-000000000003', 'Leave tracker', { publishingState: 'submitted' }),
      fakeTeamsApp('e0000000-0000-4000-8000-000000000004', 'Polly', { distributionMethod: 'store' }),
    ],
  });
  const db = await createTestDatabase('sqlite');
  drop = db.drop;
  env = {
    POLICY_DIR: policyCopy(),
    DATABASE_URL: url(db.target),
    GRAPH_TENANT_ID: GRAPH_APP.tenantId,
    GRAPH_CLIENT_ID: GRAPH_APP.clientId,
    GRAPH_CLIENT_SECRET: GRAPH_APP.clientSecret,
    GRAPH_API_URL: graph.url,
    MICROSOFT_LOGIN_URL: graph.url,
  };
});
afterAll(async () => {
  await graph.close();
  await drop();
});

test('discover run scans the Teams catalog: three custom apps, one registered with its ref, so teams-apps is at 1 of 3, and a rescan counts nothing twice', async () => {
  expect(await run('register', '--file', 'nudger.yaml')).toMatchObject({ code: 0 });

  expect(await run('discover', 'run')).toMatchObject({ code: 0, err: '' });

  const status = JSON.parse((await run('discover', 'status', '--json')).out);
  const teams = status.sources.find((s: { source: string }) => s.source === 'teams-apps');
  expect(teams).toMatchObject({ discovered: 3, registered: 1, unregistered: 2 });
  expect(teams.coverage).toBeCloseTo(1 / 3, 3);
  expect(status.sources.map((s: { source: string }) => s.source).sort()).toEqual(['entra-apps', 'teams-apps']);
  const listed = (await run('discover', 'list', '--source', 'teams-apps')).out;
  expect(listed).toMatch(/Leave tracker/);
  expect(listed).not.toMatch(/Polly/);

  expect(await run('discover', 'run', '--source', 'teams-apps')).toMatchObject({ code: 0 });
  const again = JSON.parse((await run('discover', 'status', '--json')).out);
  expect(again.sources.find((s: { source: string }) => s.source === 'teams-apps')).toMatchObject({
    discovered: 3,
    registered: 1,
  });
}, 30_000);

test('an app registration without AppCatalog.Read.All is told which permission to grant, and the run exits 1', async () => {
  graph.forbidPath('/v1.0/appCatalogs/');
  try {
    const r = await run('discover', 'run', '--source', 'teams-apps');
    expect(r.code).toBe(1);
    expect(`${r.out}${r.err}`).toMatch(/teams-apps/);
    expect(`${r.out}${r.err}`).toMatch(/AppCatalog\.Read\.All/);
  } finally {
    graph.allowAll();
  }
}, 30_000);
