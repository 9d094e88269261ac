import { createGithubDiscoverySource } from '../../adapters/github/github-discovery-source';
import type { DiscoveredFacts, DiscoverySource } from '../../src/ports/discovery-source';
import { DiscoverySourceError } from '../../src/ports/discovery-source';
import type { FakeGithub } from '../support/fake-github';
import { fakeRepo, startFakeGithub } from '../support/fake-github';

const TOKEN = 'github_pat_11AAAAAAA0fakefakefakefake';
const ORG = 'acme';

/** An installation shaped like GitHub's example for GET /orgs/{org}/installations. */
const installation = (id: number, slug: string) => ({
  id,
  account: { login: ORG, type: 'Organization' },
  repository_selection: 'all',
  access_tokens_url: `https://api.github.com/app/installations/${id}/access_tokens`,
  repositories_url: 'https://api.github.com/installation/repositories',
  html_url: `https://github.com/organizations/${ORG}/settings/installations/${id}`,
  app_id: id + 1000,
  app_slug: slug,
  target_id: 1,
  target_type: 'Organization',
  permissions: { checks: 'write', metadata: 'read', contents: 'read' },
  events: ['push', 'pull_request'],
  created_at: '2018-02-09T20:51:14Z',
  updated_at: '2018-02-09T20:51:14Z',
  single_file_name: null,
});

let github: FakeGithub;
const now = Date.parse('2026-12-07T04:00:00Z');
beforeAll(async () => {
  github = await startFakeGithub({
    org: ORG,
    token: TOKEN,
    repos: [
      fakeRepo(ORG, 'renewal-nudger'),
      fakeRepo(ORG, 'website'),
      fakeRepo(ORG, 'expense-bot', {
        topics: ['microapp', 'slack'],
        pushed_at: null,
        updated_at: '2024-05-01T10:00:00Z',
      }),
      fakeRepo(ORG, 'empty', { size: 0 }),
      fakeRepo(ORG, 'leave-tracker', { owner: { login: 'olivia', type: 'User' } }),
    ],
    manifests: {
      'acme/renewal-nudger': [
        'name: Renewal nudger',
        'owner: Olivia@Example.com',
        'purpose: Reminds account owners of renewals.',
        'secrets:',
        '  apiKey: xoxb-0000-not-to-be-kept',
      ].join('\n'),
      'acme/leave-tracker': 'name: [not, a, name]\nowner: someone\n',
    },
    installations: [installation(1, 'octo-ci'), installation(2, 'renovate'), installation(3, 'zapier')],
  });
});
afterAll(() => github.close());
beforeEach(() => {
  github.calls.length = 0;
});

const source = (extra: { topic?: string; pageSize?: number } = {}) =>
  createGithubDiscoverySource({
    token: TOKEN,
    org: ORG,
    apiUrl: github.url,
    topic: extra.topic ?? 'microapp',
    pageSize: extra.pageSize ?? 2,
    now: () => now,
  });

async function scanAll(s: DiscoverySource, cursor?: string) {
  const items: DiscoveredFacts[] = [];
  const cursors: string[] = [];
  let at = cursor;
  for (let pages = 0; pages < 50; pages += 1) {
    const page = await s.scanPage(at);
    items.push(...page.items);
    if (page.cursor === undefined) return { items, cursors };
    cursors.push(page.cursor);
    at = page.cursor;
  }
  throw new Error('the scan did not end');
}

test('a scan follows the Link header through every repository page, then every installation page, with the documented headers', async () => {
  const s = source();
  expect(s.name).toBe('github');
  expect(s.paceMs).toBe(1000);

  const { items } = await scanAll(s);

  expect(items.map((i) => i.externalId)).toEqual([
    'acme/renewal-nudger',
    'acme/expense-bot',
    'acme/leave-tracker',
    'app:octo-ci',
    'app:renovate',
    'app:zapier',
  ]);
  const listings = github.calls.filter((c) => c.path.startsWith('/orgs/'));
  expect(listings.map((c) => `${c.path}?page=${c.query.get('page') ?? '1'}`)).toEqual([
    '/orgs/acme/repos?page=1',
    '/orgs/acme/repos?page=2',
    '/orgs/acme/repos?page=3',
    '/orgs/acme/installations?page=1',
    '/orgs/acme/installations?page=2',
  ]);
  expect(github.calls.every((c) => c.authorization === `Bearer ${TOKEN}` && c.apiVersion === '2022-11-28')).toBe(true);
  const looked = github.calls.filter((c) => c.path.includes('/contents/')).map((c) => c.path);
  expect(looked).toContain('/repos/acme/website/contents/microapp.yaml');
  expect(looked).not.toContain('/repos/acme/empty/contents/microapp.yaml');
});

test('a repository takes its name and owner from microapp.yaml and keeps nothing else of it; a topic alone also counts', async () => {
  const { items } = await scanAll(source({ pageSize: 100 }));
  const byId = new Map(items.map((i) => [i.externalId, i]));

  expect(byId.get('acme/renewal-nudger')).toEqual({
    externalId: 'acme/renewal-nudger',
    name: 'Renewal nudger',
    kind: 'repository',
    people: [{ email: 'olivia@example.com' }],
    createdAt: '2011-01-26T19:01:12.000Z',
    lastModifiedAt: '2011-01-26T19:06:43.000Z',
    url: 'https://github.com/acme/renewal-nudger',
  });
  expect(JSON.stringify(items)).not.toContain('xoxb-0000');
  expect(JSON.stringify(items)).not.toContain('Reminds account owners');
  expect(byId.get('acme/expense-bot')).toMatchObject({
    name: 'expense-bot',
    people: [],
    lastModifiedAt: '2024-05-01T10:00:00.000Z',
  });
  expect(byId.get('acme/leave-tracker')).toMatchObject({ name: 'leave-tracker', people: [{ sourceId: 'olivia' }] });
  expect(byId.get('app:renovate')).toEqual({
    externalId: 'app:renovate',
    name: 'renovate',
    kind: 'app',
    people: [],
    createdAt: '2018-02-09T20:51:14.000Z',
    lastModifiedAt: '2018-02-09T20:51:14.000Z',
    url: 'https://github.com/organizations/acme/settings/installations/2',
    permissions: ['checks:write', 'metadata:read', 'contents:read'],
  });

  const withoutTopic = await scanAll(
    createGithubDiscoverySource({ token: TOKEN, org: ORG, apiUrl: github.url, pageSize: 100 }),
  );
  expect(withoutTopic.items.map((i) => i.externalId)).not.toContain('acme/expense-bot');
});

test('a scan resumes from a stored cursor mid-way, in a new process, and neither repeats nor skips', async () => {
  const whole = await scanAll(source());
  const stored = whole.cursors[1]!; // repositories page 3
  github.calls.length = 0;

  const rest = await scanAll(source(), stored);

  expect(rest.items.map((i) => i.externalId)).toEqual([
    'acme/leave-tracker',
    'app:octo-ci',
    'app:renovate',
    'app:zapier',
  ]);
  expect(github.calls[0]!.query.get('page')).toBe('3');
  const foreign = await source().scanPage(
    JSON.stringify({ step: 'repos', next: 'https://evil.example.com/orgs/acme/repos?page=2' }),
  );
  expect(foreign.items.map((i) => i.externalId)).toEqual(['acme/renewal-nudger']);
});

test('403 with x-ratelimit-remaining 0 waits until x-ratelimit-reset; 429 with Retry-After waits as long as asked', async () => {
  const reset = Math.floor(now / 1000) + 120;
  github.fail(
    '/orgs/acme/repos',
    403,
    { message: 'API rate limit exceeded for user ID 1.' },
    {
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(reset),
    },
  );
  const primary = await source()
    .scanPage()
    .catch((e: unknown) => e);
  expect(primary).toBeInstanceOf(DiscoverySourceError);
  expect(primary).toMatchObject({
    source: 'github',
    code: 'github.ratelimited',
    permanent: false,
    retryAfterMs: 121_000,
  });

  github.fail(
    '/orgs/acme/installations',
    429,
    { message: 'You have exceeded a secondary rate limit.' },
    { 'retry-after': '30' },
  );
  const secondary = await source()
    .scanPage(JSON.stringify({ step: 'installations' }))
    .catch((e: unknown) => e);
  expect(secondary).toMatchObject({ code: 'github.ratelimited', permanent: false, retryAfterMs: 30_000 });

  github.fail('/repos/acme/renewal-nudger/contents', 403, {
    message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
  });
  const bare = await source()
    .scanPage()
    .catch((e: unknown) => e);
  expect(bare).toMatchObject({ code: 'github.ratelimited', permanent: false, retryAfterMs: 60_000 });

  const page = await source().scanPage();
  expect(page.items.map((i) => i.externalId)).toEqual(['acme/renewal-nudger']);
});

test('403 without rate-limit headers is permanent and names the permission; 401 says the token was refused', async () => {
  github.fail('/orgs/acme/installations', 403, { message: 'Resource not accessible by personal access token' });
  const forbidden = await source()
    .scanPage(JSON.stringify({ step: 'installations' }))
    .catch((e: unknown) => e);
  expect(forbidden).toMatchObject({ source: 'github', code: 'github.forbidden', permanent: true });
  expect((forbidden as DiscoverySourceError).fix).toMatch(/"Administration" permission, read .*admin:read scope/);

  const refused = await createGithubDiscoverySource({ token: 'ghp_wrongwrongwrongwrong', org: ORG, apiUrl: github.url })
    .scanPage()
    .catch((e: unknown) => e);
  expect(refused).toMatchObject({ code: 'github.bad_credentials', permanent: true });
  expect((refused as DiscoverySourceError).fix).toMatch(/GITHUB_TOKEN.*"Metadata" repository permission/);

  const unknownOrg = await createGithubDiscoverySource({ token: TOKEN, org: 'nobody', apiUrl: github.url })
    .scanPage()
    .catch((e: unknown) => e);
  expect(unknownOrg).toMatchObject({ code: 'github.not_found', permanent: true });
  expect((unknownOrg as DiscoverySourceError).fix).toMatch(/GITHUB_ORG/);
});

test('an answer that is not GitHub (an HTML page, a 502) is retryable and points at GITHUB_API_URL', async () => {
  github.fail('/orgs/acme/repos', 502, 'Bad gateway');
  const outage = await source()
    .scanPage()
    .catch((e: unknown) => e);
  expect(outage).toMatchObject({ code: 'github.unavailable', permanent: false });
  expect((outage as DiscoverySourceError).fix).toMatch(/GITHUB_API_URL/);

  github.fail('/orgs/acme/repos', 200, { message: 'this is not a list' });
  const garbage = await source()
    .scanPage()
    .catch((e: unknown) => e);
  expect(garbage).toMatchObject({ code: 'github.garbage', permanent: false });
});
