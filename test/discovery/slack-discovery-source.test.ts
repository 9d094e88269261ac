import { createSlackDiscoverySource } from '../../adapters/slack/discovery/slack-discovery-source';
import type { DiscoveredFacts, DiscoverySource } from '../../src/ports/discovery-source';
import { DiscoverySourceError } from '../../src/ports/discovery-source';
import type { FakeSlack } from '../support/fake-slack';
import { startFakeSlack } from '../support/fake-slack';

const TOKEN = 'xoxp-1111-2222-admin';

/** Entries shaped like the examples on Slack's method pages. */
const approvedApp = (id: string, name: string, tokenType = 'user') => ({
  app: {
    id,
    name,
    description: 'test app',
    app_directory_url: `https://acme.enterprise.slack.com/apps/${id}-${name.toLowerCase().replace(/ /g, '-')}`,
    is_internal: false,
  },
  scopes: [
    { name: 'chat:write', description: 'Post messages', is_sensitive: false, token_type: tokenType },
    { name: 'channels:read', description: 'View channels', is_sensitive: false, token_type: tokenType },
  ],
  date_updated: 1574296707,
  last_resolved_by: { actor_id: 'W0G82LMFD', actor_type: 'user' },
});
const appRequest = (id: string, name: string, userId: string) => ({
  id: 'Ar0XJGFLMLS',
  app: { id, name, app_directory_url: `https://acme.enterprise.slack.com/apps/${id}` },
  user: { id: userId, name: 'Olivia Owner', email: 'olivia@example.com' },
  team: { id: 'T0M94LNUCR', name: 'Acme', domain: 'acme' },
  scopes: [
    { name: 'incoming-webhook', description: 'Post to specific channels', is_sensitive: true, token_type: 'bot' },
  ],
  previous_resolution: null,
  is_user_app_collaborator: true,
  message: 'please approve',
  date_created: 1578956327,
});
const workflow = (id: string, title: string, collaborators: string[]) => ({
  id,
  workflow_function_id: 'Fn014EPW7SBU',
  callback_id: 'untitled_workflow',
  title,
  description: '',
  collaborators,
  app_id: 'A014CRTBEKF',
  is_published: true,
  date_updated: 1658339916,
  source: 'workflow_builder',
});

let slack: FakeSlack;
beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(() => slack.close());
beforeEach(() => {
  slack.calls.length = 0;
});

const gridData = () => ({
  enterpriseId: 'E0AS553RN',
  approvedApps: [approvedApp('A0W7UKG8E', 'My Test App'), approvedApp('A0BOTBOT1', 'Standup Bot', 'bot')],
  appRequests: [appRequest('A0REQUEST1', 'Expense Helper', 'UOWNER')],
  workflows: [
    workflow('Wf0000000001', 'Time off', ['UOWNER', 'W0REVIEWER']),
    workflow('Wf0000000002', 'Orphaned intake', []),
    workflow('Wf0000000003', 'Laptop request', ['UPLATFORM']),
  ],
});

const source = (pageSize = 1) => createSlackDiscoverySource({ adminToken: TOKEN, apiUrl: slack.url, pageSize });

/** Pages through a whole scan, starting at `cursor`, and keeps every cursor it was handed. */
async function scanAll(s: DiscoverySource, cursor?: string) {
  const items: DiscoveredFacts[] = [];
  const cursors: string[] = [];
  let at = cursor;
  for (let pages = 0; pages < 100; pages += 1) {
    const page = await s.scanPage(at);
    items.push(...page.items);
    if (page.cursor === undefined) return { items, cursors };
    cursors.push(page.cursor);
    at = page.cursor;
  }
  throw new Error('the scan did not end');
}

test('on Enterprise Grid one scan pages through approved apps, app requests and workflows to the end, with the admin token', async () => {
  slack.setDiscovery(gridData());
  const s = source();
  expect(s.name).toBe('slack');
  expect(s.paceMs).toBe(3000);

  const { items } = await scanAll(s);

  expect(items.map((i) => i.externalId)).toEqual([
    'A0W7UKG8E',
    'A0BOTBOT1',
    'A0REQUEST1',
    'Wf0000000002',
    'Wf0000000001',
    'Wf0000000003',
  ]);
  const methods = slack.calls.map((c) => c.method);
  expect(methods.filter((m) => m === 'admin.apps.approved.list')).toHaveLength(2);
  expect(methods.filter((m) => m === 'admin.apps.requests.list')).toHaveLength(1);
  expect(methods).not.toContain('team.integrationLogs');
  expect(slack.calls.every((c) => c.authorization === `Bearer ${TOKEN}`)).toBe(true);
  expect(slack.callsTo('admin.apps.approved.list')[0]!.args).toMatchObject({ enterprise_id: 'E0AS553RN', limit: '1' });
  expect(slack.callsTo('admin.apps.approved.list')[1]!.args.cursor).toBeTruthy();
});

test("fields map from Slack's documented shapes: kinds, scopes, unix dates as ISO, people as slack: refs, ownerless workflows naming nobody", async () => {
  slack.setDiscovery(gridData());
  const { items } = await scanAll(source(50));
  const byId = new Map(items.map((i) => [i.externalId, i]));

  expect(byId.get('A0W7UKG8E')).toEqual({
    externalId: 'A0W7UKG8E',
    name: 'My Test App',
    kind: 'app',
    people: [],
    lastModifiedAt: '2019-11-21T00:38:27.000Z',
    url: 'https://acme.enterprise.slack.com/apps/A0W7UKG8E-my-test-app',
    permissions: ['chat:write', 'channels:read'],
  });
  expect(byId.get('A0BOTBOT1')!.kind).toBe('bot');
  expect(byId.get('A0REQUEST1')).toMatchObject({
    name: 'Expense Helper',
    kind: 'bot',
    people: [{ ref: 'slack:UOWNER', email: 'olivia@example.com', displayName: 'Olivia Owner' }],
    createdAt: '2020-01-13T22:58:47.000Z',
    permissions: ['incoming-webhook'],
  });
  expect(byId.get('Wf0000000001')).toEqual({
    externalId: 'Wf0000000001',
    name: 'Time off',
    kind: 'workflow',
    people: [{ ref: 'slack:UOWNER' }, { ref: 'slack:W0REVIEWER' }],
    lastModifiedAt: '2022-07-20T17:58:36.000Z',
  });
  expect(byId.get('Wf0000000002')!.people).toEqual([]);
  expect(items.filter((i) => i.externalId === 'Wf0000000002')).toHaveLength(1);
  expect(slack.callsTo('admin.workflows.search')[0]!.args.no_collaborators).toBe('true');
});

test('a scan resumes from a stored cursor mid-way, in a new process, without repeating or skipping an item', async () => {
  slack.setDiscovery(gridData());
  const whole = await scanAll(source());
  const stored = whole.cursors[2]!; // after both approved apps and the request: on the ownerless workflows
  expect(JSON.parse(stored).step).toBe('ownerless');

  slack.calls.length = 0;
  const rest = await scanAll(source(), stored);

  expect(rest.items.map((i) => i.externalId)).toEqual(['Wf0000000002', 'Wf0000000001', 'Wf0000000003']);
  expect(slack.calls.map((c) => c.method)).not.toContain('auth.test');
  expect(slack.calls.map((c) => c.method)).not.toContain('admin.apps.approved.list');
});

test('a stored cursor Slack no longer accepts restarts that method rather than failing the scan for good', async () => {
  slack.setDiscovery(gridData());
  const stale = JSON.stringify({ step: 'workflows', enterpriseId: 'E0AS553RN', next: 'bm90LW91cnM=' });
  const { items } = await scanAll(source(), stale);
  expect(items.map((i) => i.externalId)).toEqual(['Wf0000000001', 'Wf0000000003']);
});

test('on a single workspace the admin methods are skipped and team.integrationLogs is paged by page/pages', async () => {
  slack.setDiscovery({
    integrationLogs: [
      {
        service_id: 1234567890,
        service_type: 'Google Calendar',
        user_id: 'U1234ABCD',
        user_name: 'Johnny',
        channel: 'C1234567890',
        date: '1392163200',
        change_type: 'enabled',
        scope: 'incoming-webhook',
      },
      {
        app_id: 'A2345678901',
        app_type: 'Johnny App',
        user_id: 'U2345BCDE',
        user_name: 'Billy',
        date: '1392163201',
        change_type: 'added',
        scope: 'chat:write:user,channels:read',
      },
      {
        service_id: '3456789012',
        service_type: 'Airbrake',
        user_id: 'U3456CDEF',
        user_name: 'Joey',
        channel: 'C1234567890',
        date: '1392163202',
        change_type: 'disabled',
        reason: 'user',
        scope: 'incoming-webhook',
      },
    ],
  });
  const { items } = await scanAll(source(1));

  expect(slack.callsTo('team.integrationLogs').map((c) => c.args.page)).toEqual(['1', '2', '3']);
  expect(items).toEqual([
    {
      externalId: 'service:1234567890',
      name: 'Google Calendar',
      kind: 'integration',
      people: [{ ref: 'slack:U1234ABCD', displayName: 'Johnny' }],
      lastModifiedAt: '2014-02-12T00:00:00.000Z',
      permissions: ['incoming-webhook'],
    },
    {
      externalId: 'A2345678901',
      name: 'Johnny App',
      kind: 'app',
      people: [{ ref: 'slack:U2345BCDE', displayName: 'Billy' }],
      createdAt: '2014-02-12T00:00:01.000Z',
      permissions: ['chat:write:user', 'channels:read'],
    },
  ]);
});

test('an admin method answering not_an_enterprise moves the scan to the workspace log', async () => {
  slack.setDiscovery({ integrationLogs: [] });
  const cursor = JSON.stringify({ step: 'approved', enterpriseId: 'E0GONE' });
  const page = await source().scanPage(cursor);
  expect(page.items).toEqual([]);
  expect(JSON.parse(page.cursor!)).toEqual({ step: 'logs' });
});

test('HTTP 429 with Retry-After is a retryable failure that waits as long as Slack asks; the same page then reads', async () => {
  slack.setDiscovery(gridData());
  const s = source();
  const first = await s.scanPage();
  slack.fail(
    'admin.apps.approved.list',
    { ok: false, error: 'ratelimited' },
    { status: 429, headers: { 'retry-after': '7' } },
  );

  const error = await s.scanPage(first.cursor).catch((e: unknown) => e);

  expect(error).toBeInstanceOf(DiscoverySourceError);
  expect(error).toMatchObject({ source: 'slack', code: 'slack.ratelimited', permanent: false, retryAfterMs: 7000 });
  const again = await s.scanPage(first.cursor);
  expect(again.items.map((i) => i.externalId)).toEqual(['A0BOTBOT1']);
});

test('a token without a scope is a permanent failure whose fix names the scope and how to grant it', async () => {
  slack.setDiscovery(gridData());
  slack.fail('admin.workflows.search', {
    ok: false,
    error: 'missing_scope',
    needed: 'admin.workflows:read',
    provided: 'admin.apps:read',
  });
  const error = await source()
    .scanPage(JSON.stringify({ step: 'ownerless', enterpriseId: 'E0AS553RN' }))
    .catch((e: unknown) => e);

  expect(error).toMatchObject({ source: 'slack', code: 'slack.missing_scope', permanent: true });
  expect((error as DiscoverySourceError).fix).toMatch(/admin\.workflows:read/);
  expect((error as DiscoverySourceError).fix).toMatch(/User Token Scopes.*reinstall.*SLACK_ADMIN_TOKEN/);
});

test('a bot token where a user token is needed, and a refused token, are permanent with their fix', async () => {
  slack.setDiscovery(gridData());
  slack.fail('admin.apps.approved.list', { ok: false, error: 'not_allowed_token_type' });
  const wrongType = await source()
    .scanPage(JSON.stringify({ step: 'approved', enterpriseId: 'E0AS553RN' }))
    .catch((e: unknown) => e);
  expect(wrongType).toMatchObject({ code: 'slack.not_allowed_token_type', permanent: true });
  expect((wrongType as DiscoverySourceError).fix).toMatch(/user token \(xoxp-\).*admin\.apps:read/);

  slack.fail('auth.test', { ok: false, error: 'invalid_auth' });
  const refused = await source()
    .scanPage()
    .catch((e: unknown) => e);
  expect(refused).toMatchObject({ code: 'slack.invalid_auth', permanent: true });
  expect((refused as DiscoverySourceError).fix).toMatch(/SLACK_ADMIN_TOKEN/);
});

test('an answer that is not Slack (an HTML error page) is a retryable failure that says where it came from', async () => {
  slack.fail('auth.test', {}, { status: 502 });
  const error = await source()
    .scanPage()
    .catch((e: unknown) => e);
  expect(error).toMatchObject({ code: 'slack.unreachable', permanent: false });
  expect((error as DiscoverySourceError).fix).toMatch(
    /auth\.test at http:\/\/127\.0\.0\.1:\d+\/api\/ answered HTTP 502.*SLACK_API_URL/,
  );
});

test('malformed entries in a page are skipped, not fatal: the well-formed ones are still reported', async () => {
  slack.setDiscovery({
    enterpriseId: 'E0AS553RN',
    approvedApps: [
      null as unknown as Record<string, unknown>,
      { app: { name: 'No id' } },
      { app: { id: 'A0GOOD0001', name: '  ' }, scopes: 'chat:write' },
      approvedApp('A0GOOD0002', 'Fine App'),
    ],
    workflows: [{ id: 'Wf0000000009', title: 'Odd', collaborators: 'UOWNER' as unknown as string[] }],
  });
  const { items } = await scanAll(source(10));
  expect(items.map((i) => [i.externalId, i.name])).toEqual([
    ['A0GOOD0001', 'A0GOOD0001'],
    ['A0GOOD0002', 'Fine App'],
  ]);
});
