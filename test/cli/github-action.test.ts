import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createCiTokenVerifier } from '../../adapters/ci-oidc/verify-ci-token';
import { mountApi } from '../../src/http/api/api-routes';
import { createRateLimiter } from '../../src/http/api/rate-limiter';
import type { HttpServer } from '../../src/http/http-server';
import { createHttpServer } from '../../src/http/http-server';
import type { ClockedCore } from '../support/clocked-core';
import { clockedCore } from '../support/clocked-core';
import { cli, manifestDir } from '../support/cli-harness';
import type { FakeOidcIssuer } from '../support/fake-oidc-issuer';
import { startFakeOidcIssuer } from '../support/fake-oidc-issuer';
import { tier1 } from '../support/manifests';
import { silentLogger } from '../support/silent-logger';

type GateStep = (step: {
  env: NodeJS.ProcessEnv;
  run: (args: string[], env: NodeJS.ProcessEnv) => Promise<{ code: number; out: string; err: string }>;
  write: { out: (t: string) => void; err: (t: string) => void };
}) => Promise<number>;
const { gateStep } = require('../../action/gate-step.js') as { gateStep: GateStep };

const AUDIENCE = 'https://microapp.example.com';

describe('the GitHub Action step: the job token, the gate over HTTP, the step summary', () => {
  let t: ClockedCore;
  let http: HttpServer;
  let issuer: FakeOidcIssuer;
  let server: string;
  let dir: string;
  beforeAll(async () => {
    t = await clockedCore('sqlite', '2026-12-07T10:00:00.000Z');
    issuer = await startFakeOidcIssuer({
      bearer: 'job-request-bearer',
      claims: {
        sub: 'repo:acme/notes:ref:refs/heads/main',
        repository: 'acme/notes',
        repository_owner_id: '1342004',
      },
      at: () => t.state.now,
    });
    http = createHttpServer(silentLogger);
    const clock = { now: () => t.state.now };
    mountApi(http, {
      core: t.core,
      registry: t.registry,
      directory: t.core.people,
      clock,
      limiter: createRateLimiter(10_000),
      ci: createCiTokenVerifier({
        audience: AUDIENCE,
        issuers: { github: issuer.url, gitlab: 'https://gitlab.invalid' },
        spend: t.core.spendCiTokenId,
        clock,
      }),
    });
    server = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
    const manifest = tier1({
      repository: 'https://github.com/acme/notes',
      repositoryOwnerId: '1342004',
      thirdPartyLibraries: ['express'],
    });
    await t.core.submitRegistration(manifest, { platform: 'cli', userId: 'admin' });
    dir = manifestDir({
      'microapp.yaml': manifest,
      'bad-bom.json': JSON.stringify({
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        components: [{ type: 'library', name: 'left-pad', version: '1.3.0', purl: 'pkg:npm/left-pad@1.3.0' }],
      }),
    });
  });
  afterAll(async () => {
    await http.close();
    await issuer.close();
    await t.registry.close();
  });
  let summaryCount = 0;
  const step = async (inputs: Record<string, string | undefined>) => {
    const summary = join(dir, `summary-${++summaryCount}.md`);
    let log = '';
    const argv: string[][] = [];
    const env = {
      ACTIONS_ID_TOKEN_REQUEST_URL: issuer.requestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'job-request-bearer',
      MICROAPP_SERVER: server,
      MICROAPP_AUDIENCE: AUDIENCE,
      GITHUB_STEP_SUMMARY: summary,
      ...inputs,
    };
    const code = await gateStep({
      env,
      run: (args, runEnv) => {
        argv.push(args);
        return cli(args, runEnv, dir);
      },
      write: { out: (s) => (log += s), err: (s) => (log += s) },
    });
    return { code, log, argv, summary: readFileSync(summary, 'utf8') };
  };

  test('a job of the declared repository passes; its token is masked in the log and never on the command line', async () => {
    const ran = await step({});
    expect(ran.code).toBe(0);
    expect(ran.argv).toEqual([['gate', '--server', server, '--file', 'microapp.yaml']]);
    expect(ran.log).toMatch(/^::add-mask::ey[\w-]+\.[\w-]+\.[\w-]+\nPASS: "Notes tidier" may ship/);
    expect(ran.summary).toMatch(/^### microapp gate: PASS\n\n```text\nPASS: "Notes tidier" may ship \(tier 1/);
    expect(issuer.requests.some((p) => p.startsWith('/actions-token?api-version=2.0&audience=https%3A%2F%2F'))).toBe(
      true,
    );
  });

  test('action.yml takes server, audience, file and sbom, and runs this step', () => {
    const action = parse(readFileSync(join(__dirname, '../../action.yml'), 'utf8'));
    expect(Object.keys(action.inputs)).toEqual(['server', 'audience', 'file', 'sbom']);
    expect(action.inputs.file.default).toBe('microapp.yaml');
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps.at(-1).run).toBe('node "$GITHUB_ACTION_PATH/action/gate-step.js"');
  });

  test('a finding fails the step with exit 1 and the finding in the summary', async () => {
    const ran = await step({ MICROAPP_SBOM: 'bad-bom.json' });
    expect(ran.code).toBe(1);
    expect(ran.summary).toMatch(
      /^### microapp gate: FAIL\n\n```text\nFAIL: "Notes tidier" may not ship\.\n {2}- undeclared_library/,
    );
  });

  test('no id-token permission, or an audience the bot does not accept: exit 2 with the fix in the summary', async () => {
    const denied = await step({ ACTIONS_ID_TOKEN_REQUEST_URL: undefined });
    expect(denied.code).toBe(2);
    expect(denied.summary).toContain('### microapp gate: could not ask the gate');
    expect(denied.summary).toContain('add "permissions: id-token: write" to the job');
    const audience = await step({ MICROAPP_AUDIENCE: 'https://github.com/acme' });
    expect(audience.code).toBe(2);
    expect(audience.summary).toMatch(
      /HTTP 401\): This GitHub Actions token is for another audience; this bot accepts only/,
    );
  });
});
