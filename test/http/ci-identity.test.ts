import { createCiTokenVerifier } from '../../adapters/ci-oidc/verify-ci-token';
import { mountApi } from '../../src/http/api/api-routes';
import { createRateLimiter } from '../../src/http/api/rate-limiter';
import type { HttpServer } from '../../src/http/http-server';
import { createHttpServer } from '../../src/http/http-server';
import type { ClockedCore } from '../support/clocked-core';
import { clockedCore } from '../support/clocked-core';
import type { FakeOidcIssuer } from '../support/fake-oidc-issuer';
import { startFakeOidcIssuer } from '../support/fake-oidc-issuer';
import { tier1 } from '../support/manifests';
import { silentLogger } from '../support/silent-logger';
import { DIALECTS } from '../support/test-databases';

const AUDIENCE = 'https://microapp.example.com';
const admin = { platform: 'cli' as const, userId: 'admin' };

for (const dialect of DIALECTS) {
  describe(`CI identity tokens at the gate on ${dialect}`, () => {
    let t: ClockedCore;
    let http: HttpServer;
    let base: string;
    let github: FakeOidcIssuer;
    let gitlab: FakeOidcIssuer;
    const notes = tier1({
      name: 'Notes tidier',
      repository: 'https://github.com/acme/notes',
      repositoryOwnerId: '1342004',
    });
    const board = tier1({
      name: 'Shift board',
      repository: 'https://gitlab.com/ops/tools/shift-board.git',
      repositoryOwnerId: '77',
    });
    const ghClaims = (over: Record<string, unknown> = {}) => ({
      aud: AUDIENCE,
      sub: 'repo:acme/notes:ref:refs/heads/main',
      repository: 'acme/notes',
      repository_owner_id: '1342004',
      ...over,
    });
    const glClaims = (over: Record<string, unknown> = {}) => ({
      aud: AUDIENCE,
      sub: 'project_path:ops/tools/shift-board:ref_type:branch:ref:main',
      project_path: 'ops/tools/shift-board',
      namespace_id: '77',
      ...over,
    });

    beforeAll(async () => {
      t = await clockedCore(dialect, '2026-12-07T10:00:00.000Z');
      github = await startFakeOidcIssuer();
      gitlab = await startFakeOidcIssuer();
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
          issuers: { github: github.url, gitlab: gitlab.url },
          spend: t.core.spendCiTokenId,
          clock,
        }),
      });
      base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}/api/v1`;
      await t.core.submitRegistration(notes, admin);
      await t.core.submitRegistration(board, admin);
    });
    afterAll(async () => {
      await http.close();
      await github.close();
      await gitlab.close();
      await t.registry.close();
    });
    const gate = async (token: string, manifest: unknown = notes) => {
      const res = await fetch(`${base}/gate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ manifest }),
      });
      return {
        status: res.status,
        type: res.headers.get('content-type') ?? '',
        body: (await res.json()) as { detail: string } & Record<string, unknown>,
      };
    };
    const at = () => t.state.now;

    test('a GitHub Actions token for the declared repository and owner id passes the gate; its keys are fetched once', async () => {
      const ok = await gate(await github.sign(ghClaims(), { at: at() }));
      expect(ok).toMatchObject({ status: 200, body: { result: 'pass', app: { name: 'Notes tidier' } } });
      expect((await gate(await github.sign(ghClaims(), { at: at() }))).status).toBe(200);
      expect(github.requests.filter((p) => p.includes('openid-configuration'))).toHaveLength(1);
      expect(github.requests.filter((p) => p.endsWith('/jwks'))).toHaveLength(1);
    });

    test('a GitLab CI token for the declared project and namespace id passes the gate', async () => {
      const ok = await gate(await gitlab.sign(glClaims(), { at: at() }), board);
      expect(ok).toMatchObject({ status: 200, body: { result: 'pass', app: { name: 'Shift board' } } });
      const other = await gate(await gitlab.sign(glClaims(), { at: at() }), notes);
      expect(other).toMatchObject({ status: 403, body: { type: 'urn:microapp:problem:repository_mismatch' } });
    });

    test('a replayed token is refused the second time', async () => {
      const token = await github.sign(ghClaims(), { at: at() });
      expect((await gate(token)).status).toBe(200);
      const again = await gate(token);
      expect(again).toMatchObject({
        status: 401,
        type: expect.stringContaining('application/problem+json'),
        body: { type: 'urn:microapp:problem:unauthorized', detail: expect.stringContaining('was used before') },
      });
    });

    test('wrong audience, expired, not yet valid, missing claims: 401 with the fix', async () => {
      const refused = async (token: string, words: RegExp) => {
        const r = await gate(token);
        expect(r).toMatchObject({ status: 401, body: { status: 401 } });
        expect(r.body.detail).toMatch(words);
      };
      await refused(
        await github.sign(ghClaims({ aud: 'https://github.com/acme' }), { at: at() }),
        /another audience; this bot accepts only "https:\/\/microapp\.example\.com"\. Request the token with that audience/,
      );
      await refused(
        await github.sign(ghClaims(), { at: new Date(at().getTime() - 10 * 60_000) }),
        /has expired .* Request a fresh token/,
      );
      await refused(
        await github.sign(ghClaims(), { at: new Date(at().getTime() + 10 * 60_000) }),
        /not valid yet: the clocks/,
      );
      await refused(
        await github.sign(ghClaims({ repository_owner_id: undefined }), { at: at() }),
        /lacks a usable repository_owner_id claim/,
      );
      await refused(await github.sign(ghClaims({ jti: undefined }), { at: at() }), /lacks the jti claim/);
    });

    test('another repository, or the same name under another owner id (a re-created org), is 403', async () => {
      const elsewhere = await gate(
        await github.sign(ghClaims({ repository: 'mallory/notes', repository_owner_id: '666' }), { at: at() }),
      );
      expect(elsewhere).toMatchObject({ status: 403, body: { type: 'urn:microapp:problem:repository_mismatch' } });
      expect(elsewhere.body.detail).toMatch(/does not declare it: set repository .* repositoryOwnerId to 666/);
      const recreated = await github.sign(ghClaims({ repository_owner_id: '999' }), { at: at() });
      const posing = await gate(recreated, { ...notes, repositoryOwnerId: '999' });
      expect(posing).toMatchObject({ status: 403 });
      expect(posing.body.detail).toMatch(/as registered does not declare acme\/notes \(owner id 999\)/);
    });

    test('HS256, alg none, an unpublished key and an untrusted issuer are refused', async () => {
      for (const [signer, words] of [
        ['hs256', /signed with HS256; only RS256/],
        ['none', /signed with none; only RS256/],
        ['stranger', /a key GitHub Actions does not publish/],
      ] as const) {
        const r = await gate(await github.sign(ghClaims(), { at: at(), signer }));
        expect(r.status).toBe(401);
        expect(r.body.detail).toMatch(words);
      }
      const foreign = await gate(await github.sign(ghClaims({ iss: 'https://evil.example.com' }), { at: at() }));
      expect(foreign.status).toBe(401);
      expect(foreign.body.detail).toMatch(/issued by "https:\/\/evil\.example\.com", which this bot does not trust/);
    });

    test('an issuer that cannot be reached is a 401 saying so, and API tokens keep working', async () => {
      const down = await startFakeOidcIssuer();
      const token = await down.sign(ghClaims(), { at: at() });
      await down.close();
      const verifier = createCiTokenVerifier({
        audience: AUDIENCE,
        issuers: { github: down.url, gitlab: gitlab.url },
        spend: t.core.spendCiTokenId,
        clock: { now: () => t.state.now },
        timeoutMs: 2000,
      });
      const verdict = await verifier.verify(token);
      expect(verdict).toEqual({ ok: false, reason: expect.stringMatching(/could not read the signing keys of http/) });
      if (!verdict.ok) expect(verdict.reason).toMatch(/API tokens still work/);

      const apiToken = (await t.core.issueApiToken('ci fallback', ['gate'], admin)).token;
      expect((await gate(apiToken)).status).toBe(200);
    });
  });
}
