import { matchableRef } from '../../src/domain/discovered-item';
import type { DatabaseTarget } from '../../src/store/database-target';
import { cli, manifestDir } from '../support/cli-harness';
import type { FakeGithub } from '../support/fake-github';
import { fakeRepo, startFakeGithub } from '../support/fake-github';
import { tier1 } from '../support/manifests';
import { createTestDatabase } from '../support/test-databases';
import { policyCopy } from '../support/test-policy';

const url = (t: DatabaseTarget) => (t.kind === 'sqlite' ? `sqlite:${t.file}` : t.url);
const TOKEN = 'ghp_discoverEndToEnd0000000000000000000';

let github: FakeGithub;
let env: NodeJS.ProcessEnv;
let drop: () => Promise<void>;
const dir = manifestDir({
  'nudger.yaml': tier1({ name: 'Renewal nudger', externalRefs: ['github:Acme/Renewal-Nudger'] }),
});
const run = (...args: string[]) => cli(args, env, dir);

beforeAll(async () => {
  github = await startFakeGithub({
    org: 'acme',
    token: TOKEN,
    repos: [fakeRepo('acme', 'renewal-nudger'), fakeRepo('acme', 'website'), fakeRepo('acme', 'expense-bot')],
    manifests: {
      'acme/renewal-nudger': 'name: Renewal nudger\nowner: ana@example.com\n',
      'acme/expense-bot': 'name: Expense bot\nowner: raj@example.com\n',
    },
  });
  const db = await createTestDatabase('sqlite');
  drop = db.drop;
  env = {
    POLICY_DIR: policyCopy(),
    DATABASE_URL: url(db.target),
    GITHUB_TOKEN: TOKEN,
    GITHUB_ORG: 'acme',
    GITHUB_API_URL: github.url,
  };
});
afterAll(async () => {
  await github.close();
  await drop();
});

test('discover run scans the configured GitHub organisation; registering an app with its ref moves coverage up', async () => {
  const scanned = await run('discover', 'run');
  expect(scanned).toMatchObject({ code: 0, err: '' });
  const before = JSON.parse((await run('discover', 'status', '--json')).out);
  expect(before.sources).toEqual([
    expect.objectContaining({ source: 'github', discovered: 2, registered: 0, unregistered: 2, coverage: 0 }),
  ]);
  expect((await run('discover', 'list', '--source', 'github')).out).toMatch(/Expense bot/);

  expect(await run('register', '--file', 'nudger.yaml')).toMatchObject({ code: 0 });
  const after = JSON.parse((await run('discover', 'status', '--json')).out);
  expect(after.sources[0]).toMatchObject({ source: 'github', discovered: 2, registered: 1, coverage: 0.5 });
  expect(after.coverage).toBe(0.5);
}, 30_000);

test('a token GitHub refuses is reported with the permission to fix, and exits 1', async () => {
  const r = await cli(['discover', 'run'], { ...env, GITHUB_TOKEN: 'ghp_wrongToken000000000000000000000000000' }, dir);
  expect(r.code).toBe(1);
  expect(`${r.out}${r.err}`).toMatch(/github/);
  expect(`${r.out}${r.err}`).toMatch(/GITHUB_TOKEN/);
}, 30_000);

test('repository names match whatever their letter case', async () => {
  expect(matchableRef('github:Acme/Renewal-Nudger')).toBe('github:acme/renewal-nudger');
  expect(matchableRef('slack:A0123ABC')).toBe('slack:A0123ABC');
  expect(matchableRef('zapier:Z-1')).toBe('zapier:Z-1');
});
