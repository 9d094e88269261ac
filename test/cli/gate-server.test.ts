import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GateResult } from '../../src/app/gate/check-gate';
import { createHttpServer } from '../../src/http/http-server';
import type { ClockedCore } from '../support/clocked-core';
import { startApiSite } from '../support/api-site';
import { cli, manifestDir } from '../support/cli-harness';
import { tier1 } from '../support/manifests';
import { silentLogger } from '../support/silent-logger';

const admin = { platform: 'cli' as const, userId: 'admin' };
const bom = (...names: string[]) =>
  JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    components: names.map((n) => ({ type: 'library', name: n, version: '1.0.0', purl: `pkg:npm/${n}@1.0.0` })),
  });

describe('microapp gate --server against a running bot', () => {
  let t: ClockedCore;
  let site: Awaited<ReturnType<typeof startApiSite>>;
  let server: string;
  let gateToken: string;
  let readToken: string;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    site = await startApiSite();
    t = site.t;
    server = site.url;
    gateToken = (await t.core.issueApiToken('GitHub Actions', ['gate'], admin)).token;
    readToken = (await t.core.issueApiToken('dashboards', ['read'], admin)).token;
    const manifest = tier1({ thirdPartyLibraries: ['express@4.19.2'] });
    await t.core.submitRegistration(manifest, admin);
    dir = manifestDir({
      'microapp.yaml': manifest,
      'other.yaml': tier1({ name: 'Never registered' }),
      'bom.json': bom('express'),
      'bad-bom.json': bom('express', 'left-pad'),
    });
    // The remote gate opens no database: this file must never appear.
    // The remote gate reads none of the bot's settings: a runner's own GITHUB_TOKEN does not trip it.
    env = { DATABASE_URL: `sqlite:${join(dir, 'never.db')}`, MICROAPP_TOKEN: gateToken, GITHUB_TOKEN: 'x' };
  });
  afterAll(() => site.close());
  const gate = (...args: string[]) => cli(['gate', '--server', server, ...args], env, dir);

  test('a pass, in words and JSON, exit 0; the same words the local gate prints', async () => {
    const words = await gate('--file', 'microapp.yaml', '--sbom', 'bom.json');
    expect(words).toMatchObject({ code: 0, err: '' });
    expect(words.out).toMatch(/^PASS: "Notes tidier" may ship \(tier 1, approved until \d+ \w+ \d{4}\)\.\n$/);
    const json = await gate('--file', 'microapp.yaml', '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toEqual(
      await t.core.checkGate({ manifest: tier1({ thirdPartyLibraries: ['express@4.19.2'] }) }),
    );
    expect(existsSync(join(dir, 'never.db'))).toBe(false);
  });

  test('findings are exit 1 with their fixes', async () => {
    const undeclared = await gate('--file', 'microapp.yaml', '--sbom', 'bad-bom.json', '--json');
    expect(undeclared.code).toBe(1);
    expect((JSON.parse(undeclared.out) as GateResult).findings).toEqual([
      expect.objectContaining({ code: 'undeclared_library', fix: expect.stringContaining('left-pad') }),
    ]);
    const unknown = await gate('--file', 'other.yaml');
    expect(unknown.code).toBe(1);
    expect(unknown.out).toMatch(
      /^FAIL: this build may not ship\.\n {2}- not_registered: No app named "Never registered"/,
    );
  });

  test('--token overrides MICROAPP_TOKEN; no token, a wrong one, one without the gate scope are exit 2 with the fix', async () => {
    const given = await cli(['gate', '--server', server, '--token', gateToken, '--file', 'microapp.yaml'], {}, dir);
    expect(given.code).toBe(0);
    const none = await cli(['gate', '--server', server, '--file', 'microapp.yaml'], {}, dir);
    expect(none).toMatchObject({ code: 2, out: '' });
    expect(none.err).toMatch(/^Give the gate a token: set MICROAPP_TOKEN/);
    const wrong = await gate('--file', 'microapp.yaml', '--token', `${gateToken.slice(0, -2)}xx`);
    expect(wrong).toMatchObject({ code: 2, out: '' });
    expect(wrong.err).toBe(
      'The bot refused the gate (HTTP 401): This API token is not valid: it is wrong or was revoked. Ask an admin for a new one.\n',
    );
    const scoped = await gate('--file', 'microapp.yaml', '--token', readToken);
    expect(scoped.code).toBe(2);
    expect(scoped.err).toMatch(
      /\(HTTP 403\): "dashboards" has the scopes read; this call needs "gate"\. Issue a token with it/,
    );
  });

  test('an unreachable server, a plain-http remote one, or an address that is not the bot: exit 2 saying what to check', async () => {
    const closed = createHttpServer(silentLogger);
    const port = await closed.listen(0, '127.0.0.1');
    await closed.close();
    const down = await cli(['gate', '--server', `http://127.0.0.1:${port}`, '--file', 'microapp.yaml'], env, dir);
    expect(down).toMatchObject({ code: 2, out: '' });
    expect(down.err).toMatch(
      new RegExp(
        `^Could not reach the microapp bot at http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)\\. Check --server`,
      ),
    );
    const plain = await cli(['gate', '--server', 'http://microapp.example.com', '--file', 'microapp.yaml'], env, dir);
    expect(plain.code).toBe(2);
    expect(plain.err).toMatch(/^--server must use https: the token is sent to it/);
    const elsewhere = await cli(['gate', '--server', `${server}/somewhere`, '--file', 'microapp.yaml'], env, dir);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.err).toMatch(/answered HTTP 404 without a gate result: is --server the microapp bot's address/);
    const noFile = await cli(['gate', '--server', server], env, dir);
    expect(noFile.code).toBe(2);
    expect(noFile.err).toMatch(/^Name the manifest and the bot/);
    const spaced = await cli(['gate', '--server', server, '--file', 'microapp.yaml'], { MICROAPP_TOKEN: 'a b' }, dir);
    expect(spaced).toMatchObject({ code: 2, err: expect.stringMatching(/MICROAPP_TOKEN must be an API token/) });
    writeFileSync(join(dir, 'broken.yaml'), 'name: [');
    expect((await gate('--file', 'broken.yaml')).err).toMatch(/^broken\.yaml is not valid YAML or JSON/);
    expect(existsSync(join(dir, 'never.db'))).toBe(false);
  });
});
