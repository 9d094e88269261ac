import type { DatabaseTarget } from '../../src/store/database-target';
import { cli, manifestDir } from '../support/cli-harness';
import type { FakeGraph } from '../support/fake-graph';
import { fakeInventoryResource, GRAPH_APP, POWER_PLATFORM_SIGN_IN, startFakeGraph } from '../support/fake-graph';
import { tier1 } from '../support/manifests';
import { createTestDatabase } from '../support/test-databases';
import { policyCopy } from '../support/test-policy';

const url = (t: DatabaseTarget) => (t.kind === 'sqlite' ? `sqlite:${t.file}` : t.url);
const PLANNER = 'f0000000-0000-4000-8000-000000000001';
const MAKER = 'b0000000-0000-4000-8000-0000000000b1';

let graph: FakeGraph;
let env: NodeJS.ProcessEnv;
let drop: () => Promise<void>;
const dir = manifestDir({
  'planner.yaml': tier1({ name: 'Leave planner', externalRefs: [`power-platform:${PLANNER}`] }),
});
const run = (...args: string[]) => cli(args, env, dir);

beforeAll(async () => {
  graph = await startFakeGraph({
    inventory: [
      fakeInventoryResource('microsoft.powerapps/canvasapps', PLANNER, 'Leave planner', { createdBy: MAKER }),
      fakeInventoryResource(
        'microsoft.powerautomate/cloudflows',
        'f0000000-0000-4000-8000-000000000002',
        'Invoice mailer',
        {
          createdBy: MAKER,
        },
      ),
      fakeInventoryResource('microsoft.copilotstudio/agents', 'f0000000-0000-4000-8000-000000000003', 'HR helper'),
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
    POWER_PLATFORM_API_URL: graph.url,
    POWER_PLATFORM_REFRESH_TOKEN: POWER_PLATFORM_SIGN_IN.refreshToken,
  };
});
afterAll(async () => {
  await graph.close();
  await drop();
});

test('discover run reads the Power Platform inventory: three items, one registered with its ref, so power-platform is at 1 of 3, and a rescan counts nothing twice', async () => {
  expect(await run('register', '--file', 'planner.yaml')).toMatchObject({ code: 0 });

  expect(await run('discover', 'run', '--source', 'power-platform')).toMatchObject({ code: 0, err: '' });

  const status = JSON.parse((await run('discover', 'status', '--json')).out);
  expect(status.sources.map((s: { source: string }) => s.source).sort()).toEqual([
    'entra-apps',
    'power-platform',
    'teams-apps',
  ]);
  const pp = status.sources.find((s: { source: string }) => s.source === 'power-platform');
  expect(pp).toMatchObject({ discovered: 3, registered: 1, unregistered: 2 });
  expect(pp.coverage).toBeCloseTo(1 / 3, 3);
  const listed = (await run('discover', 'list', '--source', 'power-platform', '--state', 'new')).out;
  expect(listed).toMatch(/Invoice mailer/);
  expect(listed).toMatch(/HR helper/);
  expect(listed).not.toMatch(/Leave planner/);

  expect(await run('discover', 'run', '--source', 'power-platform')).toMatchObject({ code: 0 });
  const again = JSON.parse((await run('discover', 'status', '--json')).out);
  expect(again.sources.find((s: { source: string }) => s.source === 'power-platform')).toMatchObject({
    discovered: 3,
    registered: 1,
    unregistered: 2,
  });
}, 30_000);

test('a sign-in that expired is reported with how to renew it, and the run exits 1', async () => {
  graph.expireSignIns();
  const r = await run('discover', 'run', '--source', 'power-platform');
  expect(r.code).toBe(1);
  expect(`${r.out}${r.err}`).toMatch(/power-platform/);
  expect(`${r.out}${r.err}`).toMatch(/POWER_PLATFORM_REFRESH_TOKEN/);
}, 30_000);

test('POWER_PLATFORM_REFRESH_TOKEN without the Graph app registration is refused at start with what to add', async () => {
  const r = await cli(
    ['discover', 'status'],
    {
      POLICY_DIR: env.POLICY_DIR,
      DATABASE_URL: env.DATABASE_URL,
      POWER_PLATFORM_REFRESH_TOKEN: POWER_PLATFORM_SIGN_IN.refreshToken,
    },
    dir,
  );
  expect(r.code).not.toBe(0);
  expect(`${r.out}${r.err}`).toMatch(/POWER_PLATFORM_REFRESH_TOKEN/);
  expect(`${r.out}${r.err}`).toMatch(/GRAPH_TENANT_ID/);
}, 30_000);
