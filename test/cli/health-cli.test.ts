import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HealthStandIn, ThrowawayCertificate } from '../../bench/health-stand-in';
import { startHealthStandIn, throwawayCertificate } from '../../bench/health-stand-in';
import { cli, manifestDir } from '../support/cli-harness';
import { tier1 } from '../support/manifests';
import { PEOPLE, policyCopy } from '../support/test-policy';

const CLI = join(__dirname, '../../dist/src/cli/main.js');

let cert: ThrowawayCertificate;
let server: HealthStandIn;
let env: NodeJS.ProcessEnv;
let cwd: string;

beforeAll(async () => {
  cert = throwawayCertificate();
  server = await startHealthStandIn(cert, (req, res) => {
    if (req.url === '/down') return res.writeHead(503).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  });
  cwd = mkdtempSync(join(tmpdir(), 'microapp-health-cli-'));
  env = { DATABASE_URL: `sqlite:${join(cwd, 'registry.db')}`, POLICY_DIR: policyCopy() };
  const files = manifestDir({
    'tidier.yaml': tier1({ name: 'Notes tidier', healthEndpoint: server.url('/health') }),
    'ledger.yaml': tier1({ name: 'Ledger sync', healthEndpoint: server.url('/down') }),
  });
  for (const file of ['tidier.yaml', 'ledger.yaml']) {
    const registered = await cli(['register', '--file', join(files, file), '--owner', PEOPLE.owner], env, cwd);
    expect(registered.code).toBe(0);
  }
});

afterAll(async () => {
  await server.close();
  cert.remove();
});

/** Runs the built CLI in a process of its own. */
function runBuilt(
  args: string[],
  extraEnv: NodeJS.ProcessEnv,
): Promise<{ code: number | null; out: string; err: string }> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (\`npm test\` does).`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env, ...extraEnv },
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

test('the built CLI checks every approved app over https, trusting the certificate through NODE_EXTRA_CA_CERTS', async () => {
  const run = await runBuilt(['health', 'run-once'], {
    NODE_EXTRA_CA_CERTS: cert.certFile,
    HEALTH_CHECK_ALLOWED_HOSTS: '127.0.0.1',
  });
  expect(run.err).toBe('');
  expect(run.code).toBe(1);
  expect(run.out).toMatch(/^Checked 2 apps in \d+\.\d s: 1 healthy, 0 degraded, 1 failing\.\n/);
  expect(run.out).toMatch(/ {2}Ledger sync +failing +answered 503\n/);
  expect(run.out).toMatch(/ {2}Notes tidier +healthy\n/);
});

test('without the certificate trusted, the check fails saying so', async () => {
  const run = await runBuilt(['health', 'run-once', '--json'], { HEALTH_CHECK_ALLOWED_HOSTS: '127.0.0.1' });
  const report = JSON.parse(run.out);
  expect(report.apps.map((a: { reason: string }) => a.reason)).toEqual([
    'the certificate is not trusted',
    'the certificate is not trusted',
  ]);
});

test('without the allow-list, loopback is refused with the fix; show --json carries the health', async () => {
  const run = await cli(['health', 'run-once', '--json'], env, cwd);
  expect(run.code).toBe(1);
  const report = JSON.parse(run.out);
  expect(report).toMatchObject({ outcome: 'complete', checked: 2, counts: { healthy: 0, degraded: 0, failing: 2 } });
  expect(report.apps[1]).toMatchObject({
    name: 'Notes tidier',
    status: 'failing',
    reason:
      'its address is a loopback address (127.0.0.1); list the host in HEALTH_CHECK_ALLOWED_HOSTS if it is internal',
  });
  expect((await cli(['show', 'Notes tidier'], env, cwd)).out).toMatch(
    /Health:? +Failing since .+ \(\d checks in a row\): its address is a loopback address \(127\.0\.0\.1\); list the host in HEALTH_CHECK_ALLOWED_HOSTS if it is internal\. Last checked /,
  );
  const shown = JSON.parse((await cli(['show', 'Notes tidier', '--json'], env, cwd)).out);
  expect(shown.health).toEqual({
    status: 'failing',
    since: expect.any(String),
    lastCheckedAt: expect.any(String),
    consecutiveFailures: expect.any(Number),
    lastError:
      'its address is a loopback address (127.0.0.1); list the host in HEALTH_CHECK_ALLOWED_HOSTS if it is internal',
  });
});

test('a bad HEALTH_CHECK_ALLOWED_HOSTS is refused with an example', async () => {
  const run = await cli(
    ['health', 'run-once'],
    { ...env, HEALTH_CHECK_ALLOWED_HOSTS: 'https://status.example.com/' },
    cwd,
  );
  expect(run.code).toBe(2);
  expect(run.err).toContain(
    'HEALTH_CHECK_ALLOWED_HOSTS must be host names or addresses, comma-separated, without scheme, port or path, like status.internal.example.com,10.0.0.5.',
  );
});
