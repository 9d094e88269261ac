import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'yaml';
import { runCli } from '../../src/cli/run-cli';
import { createHttpServer } from '../../src/http/http-server';
import { parseManifest } from '../../src/domain/manifest';
import type { DatabaseTarget } from '../../src/store/database-target';
import type { ClockedCore } from '../support/clocked-core';
import { startApiSite } from '../support/api-site';
import { cli, manifestDir } from '../support/cli-harness';
import { silentLogger } from '../support/silent-logger';
import { DIALECTS, createTestDatabase } from '../support/test-databases';
import { PEOPLE, POLICY_DIR } from '../support/test-policy';

const url = (t: DatabaseTarget) => (t.kind === 'sqlite' ? `sqlite:${t.file}` : t.url);
const FLAGS = ['--name', 'Notes tidier', '--purpose', 'Tidies my meeting notes into a weekly summary.'];
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const manifestIn = (dir: string) => parseManifest(parse(read(dir, 'microapp.yaml')));

/** Runs the CLI with answers typed on standard input, one per line. */
async function typed(args: string[], cwd: string, answers: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, {
    env: {},
    cwd,
    user: 'tester',
    input: Readable.from(answers.map((a) => `${a}\n`)),
    out: (t) => (out += t),
    err: (t) => (err += t),
  });
  return { code, out, err };
}

test('microapp init from flags writes a manifest that parses, a CI workflow that runs the gate, and a README', async () => {
  const dir = manifestDir({});
  const r = await cli(
    [
      'init',
      ...FLAGS,
      '--owner',
      'Ana@Example.com',
      '--audience',
      'team',
      '--users',
      '8',
      '--data',
      'customer,financial',
    ],
    {},
    dir,
  );
  expect(r).toMatchObject({ code: 0, err: '' });
  expect(r.out).toContain('microapp register --file microapp.yaml');
  const parsed = manifestIn(dir);
  expect(parsed).toMatchObject({
    ok: true,
    manifest: {
      name: 'Notes tidier',
      owner: 'ana@example.com',
      audience: 'team',
      expectedUsers: 8,
      dataClassification: 'confidential',
      dataTypes: ['customer', 'pii', 'financial'],
      thirdPartyLibraries: [],
    },
  });
  const workflow = parse(read(dir, '.github/workflows/microapp.yml'));
  const steps = workflow.jobs.check.steps as { name?: string; run?: string; env?: Record<string, string> }[];
  const gate = steps.find((s) => s.name === 'Registry gate')!;
  expect(gate.run).toBe('node .github/workflows/microapp-gate.mjs');
  expect(steps.some((s) => /npx microapp/.test(s.run ?? ''))).toBe(false);
  expect(gate.env).toEqual({
    MICROAPP_SERVER: '${{ vars.MICROAPP_SERVER }}',
    MICROAPP_TOKEN: '${{ secrets.MICROAPP_TOKEN }}',
  });
  expect(steps.map((s) => s.name).filter(Boolean)).toEqual([
    'Install',
    'Lint',
    'Test',
    'SBOM (Node)',
    'SBOM (any other project)',
    'Registry gate',
  ]);
  const readme = read(dir, 'README.md');
  expect(readme).toMatch(/^# Notes tidier\n\nTidies my meeting notes/);
  expect(readme).toContain('/microapp register');
  expect(readme).toContain('/microapp recertify Notes tidier');
});

test('microapp init never overwrites a file unless --force, and writes nothing when it refuses', async () => {
  const dir = manifestDir({ 'README.md': '# Mine\n' });
  const r = await cli(['init', ...FLAGS, '--owner', PEOPLE.owner, '--yes'], {}, dir);
  expect(r.code).toBe(2);
  expect(r.err).toBe(
    'README.md already exists here; nothing was written. Run microapp init in a new folder, move it away, or add --force to replace it.\n',
  );
  expect(read(dir, 'README.md')).toBe('# Mine\n');
  expect(existsSync(join(dir, 'microapp.yaml'))).toBe(false);
  expect((await cli(['init', ...FLAGS, '--owner', PEOPLE.owner, '--yes', '--force'], {}, dir)).code).toBe(0);
  expect(read(dir, 'README.md')).toMatch(/^# Notes tidier/);
  expect((await cli(['init', ...FLAGS, '--owner', PEOPLE.owner, '--yes'], {}, dir)).err).toContain(
    'microapp.yaml and .github/workflows/microapp.yml and .github/workflows/microapp-gate.mjs and README.md already exist here',
  );
});

test('microapp init that cannot write one file leaves none of them', async () => {
  const dir = manifestDir({ '.github': 'a file where the workflows folder should go' });
  const r = await cli(['init', ...FLAGS, '--owner', PEOPLE.owner, '--yes'], {}, dir);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(
    /^Cannot write \.github\/workflows\/microapp\.yml \(E[A-Z]+\), so nothing was written\. Run microapp init in a folder you can write to\.\n$/,
  );
  expect(existsSync(join(dir, 'microapp.yaml'))).toBe(false);
});

test('microapp init with a bad flag exits 2 with the field message and writes nothing', async () => {
  const dir = manifestDir({});
  const bad = async (...args: string[]) => {
    const r = await cli(['init', ...args], {}, dir);
    expect(r.code).toBe(2);
    expect(existsSync(join(dir, 'microapp.yaml'))).toBe(false);
    return r.err;
  };
  expect(await bad(...FLAGS, '--owner', 'not an email', '--yes')).toContain(
    '  - Owner must be a Slack or Teams user (like slack:U012AB3CD) or an email address. (--owner)',
  );
  expect(await bad('--name', 'Notes tidier', '--purpose', 'short', '--owner', PEOPLE.owner)).toContain(
    '  - Purpose needs at least 10 characters. (--purpose)',
  );
  expect(await bad(...FLAGS, '--owner', PEOPLE.owner, '--audience', 'everyone')).toContain(
    'Who uses it must be one of: personal, team, organization, external. (--audience)',
  );
  expect(await bad(...FLAGS, '--owner', PEOPLE.owner, '--audience', 'team')).toContain(
    'Expected users is required. (--users)',
  );
  expect(await bad(...FLAGS, '--owner', PEOPLE.owner, '--data', 'customer,secrets')).toContain(
    '--data takes these, comma-separated: public, internal, customer, employee, financial, personal, health, credentials; "secrets" is not one of them.',
  );
  expect(await bad(...FLAGS, '--owner', PEOPLE.owner, '--repository', 'github.com/acme/x')).toContain(
    'Code repository must be its https address',
  );
  expect(await bad(...FLAGS, '--yes')).toContain('Say who owns the app: microapp init');
});

test('microapp init asks the registration questions in a terminal and asks again after a bad answer', async () => {
  const dir = manifestDir({});
  const r = await typed(['init'], dir, [
    'Ex',
    'Expense tracker',
    'Collects receipts from my inbox and adds them to a monthly sheet.',
    'me at example',
    'ana@example.com',
    '9',
    '2',
    'lots',
    '25',
    '5, 3',
    'salesforce read secret, google sheets write',
    '',
    'Power Automate',
    'https://github.com/acme/expense-tracker',
  ]);
  expect(r).toMatchObject({ code: 0, err: '' });
  expect(r.out).toContain('What is it called? A short, unique name, like "Expense tracker".');
  expect(r.out).toContain('App name needs at least 3 characters.');
  expect(r.out).toContain('Owner must be a Slack or Teams user (like slack:U012AB3CD) or an email address.');
  expect(r.out).toContain('  2. My team');
  expect(r.out).toContain('Type one number from 1 to 4.');
  expect(r.out).toContain('Expected users must be a whole number.');
  expect(r.out).toContain('  3. Customer details (Names, emails, accounts or orders of customers)');
  expect(manifestIn(dir)).toEqual({
    ok: true,
    manifest: expect.objectContaining({
      name: 'Expense tracker',
      owner: 'ana@example.com',
      audience: 'team',
      expectedUsers: 25,
      dataClassification: 'confidential',
      dataTypes: ['customer', 'pii', 'financial'],
      integrations: [
        { system: 'salesforce', access: 'read', requiresSecret: true },
        { system: 'google sheets', access: 'write', requiresSecret: false },
      ],
      usesAI: false,
      builtWith: 'Power Automate',
      repository: 'https://github.com/acme/expense-tracker',
    }),
  });
});

test('microapp init in a terminal skips what flags answer, and stops without writing when input ends', async () => {
  const dir = manifestDir({});
  const r = await typed(['init', ...FLAGS], dir, [PEOPLE.owner, '1']);
  expect(r.code).toBe(2);
  expect(r.out).not.toContain('What is it called?');
  expect(r.out).toContain('Who owns it? The person accountable for the app. Your email address.');
  expect(r.err).toContain('The questions were not all answered, so nothing was written.');
  expect(existsSync(join(dir, 'microapp.yaml'))).toBe(false);
});

for (const dialect of DIALECTS) {
  test(`microapp init then microapp gate on ${dialect}: not registered, passes once registered, fails on an undeclared library`, async () => {
    const db = await createTestDatabase(dialect);
    const env = { POLICY_DIR, DATABASE_URL: url(db.target) };
    const dir = manifestDir({});
    try {
      expect((await cli(['init', ...FLAGS, '--owner', PEOPLE.owner, '--yes'], env, dir)).code).toBe(0);
      const gate = async (...extra: string[]) => {
        const r = await cli(['gate', '--file', 'microapp.yaml', ...extra, '--json'], env, dir);
        return { code: r.code, result: JSON.parse(r.out) as { result: string; findings: { code: string }[] } };
      };
      expect(await gate()).toMatchObject({
        code: 1,
        result: { result: 'fail', findings: [{ code: 'not_registered' }] },
      });
      expect((await cli(['register', '--file', 'microapp.yaml'], env, dir)).code).toBe(0);
      expect(await gate()).toMatchObject({ code: 0, result: { result: 'pass', findings: [] } });
      writeFileSync(
        join(dir, 'bom.json'),
        JSON.stringify({
          bomFormat: 'CycloneDX',
          specVersion: '1.6',
          components: [{ type: 'library', name: 'left-pad', version: '1.3.0', purl: 'pkg:npm/left-pad@1.3.0' }],
        }),
      );
      expect(await gate('--sbom', 'bom.json')).toMatchObject({
        code: 1,
        result: { result: 'fail', findings: [{ code: 'undeclared_library' }] },
      });
    } finally {
      await db.drop();
    }
  });
}

describe("the workflow's gate step against a running bot", () => {
  let t: ClockedCore;
  let site: Awaited<ReturnType<typeof startApiSite>>;
  let server: string;
  let token: string;
  let dir: string;
  const admin = { platform: 'cli' as const, userId: 'admin' };
  /** Runs the step as the runner would, without blocking this process (the bot answers from it). */
  const step = async (env: Record<string, string>) => {
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '');
    const child = spawn(process.execPath, ['.github/workflows/microapp-gate.mjs'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', GITHUB_STEP_SUMMARY: summary, ...env },
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    const [code] = await once(child, 'close');
    return { code, out, summary: read(dir, 'summary.md') };
  };
  beforeAll(async () => {
    site = await startApiSite();
    t = site.t;
    server = site.url;
    token = (await t.core.issueApiToken('notes repository', ['gate'], admin)).token;
    dir = manifestDir({});
    expect((await cli(['init', ...FLAGS, '--owner', PEOPLE.owner, '--yes'], {}, dir)).code).toBe(0);
  });
  afterAll(() => site.close());

  test('sends the YAML as it is: fails while unregistered, passes once registered, fails on an undeclared library', async () => {
    const unregistered = await step({ MICROAPP_SERVER: server, MICROAPP_TOKEN: token });
    expect(unregistered.code).toBe(1);
    expect(unregistered.out).toMatch(
      /^Registry gate: FAIL\n- No app named "Notes tidier" is registered\. Fix: Register it/,
    );
    expect(unregistered.summary).toBe(unregistered.out);
    await t.core.submitRegistration(parse(read(dir, 'microapp.yaml')), admin);
    expect(await step({ MICROAPP_SERVER: server, MICROAPP_TOKEN: token })).toMatchObject({
      code: 0,
      out: 'Registry gate: PASS for "Notes tidier"\n',
    });
    writeFileSync(
      join(dir, 'bom.json'),
      JSON.stringify({
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        components: [{ type: 'library', name: 'left-pad', version: '1.3.0', purl: 'pkg:npm/left-pad@1.3.0' }],
      }),
    );
    const undeclared = await step({ MICROAPP_SERVER: server, MICROAPP_TOKEN: token });
    expect(undeclared.code).toBe(1);
    expect(undeclared.out).toContain('left-pad');
  });

  test('a bad token, a missing setting or an unreachable bot exits 2 with the reason', async () => {
    const refused = await step({ MICROAPP_SERVER: server, MICROAPP_TOKEN: 'not-a-token' });
    expect(refused.code).toBe(2);
    expect(refused.out).toMatch(/^The bot refused the gate \(HTTP 401\): /);
    expect(await step({ MICROAPP_SERVER: server })).toMatchObject({
      code: 2,
      out: expect.stringContaining('MICROAPP_TOKEN'),
    });
    const closed = createHttpServer(silentLogger);
    const port = await closed.listen(0, '127.0.0.1');
    await closed.close();
    expect(await step({ MICROAPP_SERVER: `http://127.0.0.1:${port}`, MICROAPP_TOKEN: token })).toMatchObject({
      code: 2,
      out: `Could not reach http://127.0.0.1:${port} (ECONNREFUSED); check MICROAPP_SERVER, then re-run the job.\n`,
    });
  });
});
