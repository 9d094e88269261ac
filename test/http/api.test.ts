import { stringify } from 'yaml';
import type { Actor } from '../../src/domain/actor';
import { mountApi } from '../../src/http/api/api-routes';
import { OPENAPI_DOCUMENT } from '../../src/http/api/openapi-document';
import { createRateLimiter } from '../../src/http/api/rate-limiter';
import type { HttpServer } from '../../src/http/http-server';
import { createHttpServer } from '../../src/http/http-server';
import type { ClockedCore } from '../support/clocked-core';
import { clockedCore } from '../support/clocked-core';
import { tier1, tier2 } from '../support/manifests';
import { silentLogger } from '../support/silent-logger';
import { DIALECTS } from '../support/test-databases';

const admin: Actor = { platform: 'cli', userId: 'admin' };

for (const dialect of DIALECTS) {
  describe(`the REST API on ${dialect}`, () => {
    let t: ClockedCore;
    let http: HttpServer;
    let base: string;
    let tokens: Record<'all' | 'read' | 'gate', string>;
    const routes: string[] = [];
    beforeAll(async () => {
      t = await clockedCore(dialect, '2026-12-07T10:00:00.000Z');
      http = createHttpServer(silentLogger);
      const route = http.route.bind(http);
      http.route = (method, path, handler) => {
        routes.push(`${method} ${path}`);
        route(method, path, handler);
      };
      mountApi(http, {
        core: t.core,
        registry: t.registry,
        directory: t.core.people,
        clock: { now: () => t.state.now },
        limiter: createRateLimiter(10_000),
      });
      base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}/api/v1`;
      tokens = {
        all: (await t.core.issueApiToken('portal', ['read', 'gate', 'register'], admin)).token,
        read: (await t.core.issueApiToken('dashboards', ['read'], admin)).token,
        gate: (await t.core.issueApiToken('GitHub Actions', ['gate'], admin)).token,
      };
    });
    afterAll(async () => {
      await http.close();
      await t.registry.close();
    });
    const call = async (
      path: string,
      init: { token?: string; body?: unknown; raw?: string; type?: string; method?: string; key?: string } = {},
    ) => {
      const res = await fetch(`${base}${path}`, {
        method: init.method ?? (init.body !== undefined || init.raw !== undefined ? 'POST' : 'GET'),
        headers: {
          ...(init.token && { authorization: `Bearer ${init.token}` }),
          ...((init.body !== undefined || init.raw !== undefined) && {
            'content-type': init.type ?? 'application/json',
          }),
          ...(init.key && { 'idempotency-key': init.key }),
        },
        body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
      });
      const text = await res.text();
      return {
        status: res.status,
        type: res.headers.get('content-type') ?? '',
        headers: res.headers,
        body: text ? JSON.parse(text) : undefined,
      };
    };

    test('the OpenAPI 3.1 document names exactly the routes mounted, and every $ref in it resolves', async () => {
      const doc = await call('/openapi.json');
      expect(doc.status).toBe(200);
      expect(doc.body).toEqual(JSON.parse(JSON.stringify(OPENAPI_DOCUMENT)));
      expect(doc.body.openapi).toBe('3.1.0');
      const documented = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(
        ([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} /api/v1${path}`),
      );
      expect(documented.sort()).toEqual([...routes].sort());
      const refs = JSON.stringify(doc.body).match(/"\$ref":"[^"]+"/g) ?? [];
      for (const ref of refs) {
        const path = ref.slice(8, -1).replace('#/', '').split('/');
        expect(path.reduce((node: any, key) => node?.[key], doc.body)).toBeDefined();
      }
      for (const ops of Object.values(doc.body.paths as Record<string, Record<string, { responses: object }>>))
        for (const op of Object.values(ops)) expect(Object.keys(op.responses).length).toBeGreaterThan(0);
    });

    test('credentials: none, a wrong one, a revoked one are 401 problems; a scope the token lacks is 403 with the fix', async () => {
      const none = await call('/apps');
      expect(none).toMatchObject({
        status: 401,
        type: expect.stringContaining('application/problem+json'),
        body: { type: 'urn:microapp:problem:unauthorized', status: 401, title: 'Authentication required' },
      });
      expect(none.headers.get('www-authenticate')).toBe('Bearer realm="microapp"');
      expect((await call('/apps', { token: `${tokens.read.slice(0, -2)}xx` })).status).toBe(401);
      expect((await call('/apps', { token: 'not-a-token' })).body.detail).toMatch(/not a microapp API token/);
      expect((await call('/gate', { token: 'eyJ.eyJ.sig', body: {} })).body.detail).toMatch(
        /does not accept CI identity tokens: its admin turns them on by setting CI_OIDC_AUDIENCE/,
      );
      const forbidden = await call('/apps', { token: tokens.gate });
      expect(forbidden).toMatchObject({ status: 403, body: { detail: expect.stringContaining('--scopes gate,read') } });
      const spare = await t.core.issueApiToken('spare', ['read'], admin);
      expect((await call('/apps', { token: spare.token })).status).toBe(200);
      await t.core.revokeApiToken('spare', admin);
      expect((await call('/apps', { token: spare.token })).body.detail).toMatch(/wrong or was revoked/);
    });

    test('POST /apps registers; bad bodies are 400/413/415/422 problems with field errors, and nothing is stored', async () => {
      const made = await call('/apps', { token: tokens.all, body: tier1({ name: 'Api notes' }) });
      expect(made).toMatchObject({
        status: 201,
        body: { name: 'Api notes', status: 'approved', tier: 1, revision: 1 },
      });
      expect((await call('/apps', { token: tokens.read, body: tier1({ name: 'Nope' }) })).status).toBe(403);
      expect((await call('/apps', { token: tokens.all, raw: '{"name": ' })).body).toMatchObject({
        status: 400,
        type: 'urn:microapp:problem:bad_json',
      });
      expect((await call('/apps', { token: tokens.all, raw: 'name: x', type: 'text/yaml' })).status).toBe(415);
      expect(
        (await call('/apps', { token: tokens.all, raw: JSON.stringify({ purpose: 'x'.repeat(300_000) }) })).status,
      ).toBe(413);
      const invalid = await call('/apps', { token: tokens.all, body: tier1({ name: 'Bad one', audience: 'planet' }) });
      expect(invalid).toMatchObject({
        status: 422,
        body: { type: 'urn:microapp:problem:input_invalid', errors: [expect.objectContaining({ field: 'audience' })] },
      });
      const secret = await call('/apps', {
        token: tokens.all,
        body: tier1({
          name: 'Leaky',
          purpose: 'Posts as xoxb-123456789012-123456789012-abcdefghijABCDEFGHIJklmn daily.',
        }),
      });
      expect(secret.status).toBe(422);
      expect(JSON.stringify(secret.body)).not.toContain('xoxb-1234');
      expect(await t.core.findApp('Leaky')).toBeUndefined();
      expect(await t.core.findApp('Bad one')).toBeUndefined();
    });

    test('an Idempotency-Key makes a retry safe: the same answer again, once stored; another body with the key is refused', async () => {
      const body = tier2({ name: 'Retry router' });
      const first = await call('/apps', { token: tokens.all, body, key: 'k-1' });
      expect(first).toMatchObject({ status: 201, body: { name: 'Retry router', status: 'pending_review' } });
      const again = await call('/apps', { token: tokens.all, body, key: 'k-1' });
      expect(again).toMatchObject({ status: 201, body: first.body });
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const page = await call('/apps?search=Retry', { token: tokens.read });
      expect(page.body.apps).toHaveLength(1);
      const reused = await call('/apps', { token: tokens.all, body: tier2({ name: 'Other router' }), key: 'k-1' });
      expect(reused).toMatchObject({ status: 422, body: { type: 'urn:microapp:problem:idempotency_key_reused' } });
      const bad = await call('/apps', {
        token: tokens.all,
        body: tier1({ name: 'Bad two', audience: 'planet' }),
        key: 'k-2',
      });
      expect(
        (await call('/apps', { token: tokens.all, body: tier1({ name: 'Bad two', audience: 'planet' }), key: 'k-2' }))
          .body,
      ).toEqual(bad.body);
    });

    test('GET /apps pages by name with filters; GET /apps/{id} is show --json; its audit events; unknown apps are 404', async () => {
      for (const name of ['Alpha tool', 'Beta tool', 'Gamma tool'])
        await call('/apps', { token: tokens.all, body: tier1({ name }) });
      const one = await call('/apps?search=tool&limit=2', { token: tokens.read });
      expect(one.body.apps.map((a: { name: string }) => a.name)).toEqual(['Alpha tool', 'Beta tool']);
      const two = await call(`/apps?search=tool&limit=2&next=${encodeURIComponent(one.body.next)}`, {
        token: tokens.read,
      });
      expect(two.body).toMatchObject({ apps: [{ name: 'Gamma tool' }], next: null });
      expect(
        (await call('/apps?status=pending_review', { token: tokens.read })).body.apps.map(
          (a: { name: string }) => a.name,
        ),
      ).toEqual(['Retry router']);
      expect((await call('/apps?status=sideways', { token: tokens.read })).body).toMatchObject({
        status: 400,
        detail: expect.stringContaining('status must be one of'),
      });
      const shown = await call(`/apps/${encodeURIComponent('beta TOOL')}`, { token: tokens.read });
      expect(shown.body).toMatchObject({
        name: 'Beta tool',
        revision: 1,
        manifest: { name: 'Beta tool' },
        assessment: { tier: 1 },
        review: null,
        value: null,
      });
      const audit = await call(`/apps/${shown.body.id}/audit`, { token: tokens.read });
      expect(audit.body).toMatchObject({ app: { name: 'Beta tool' }, next: null });
      expect(audit.body.events.map((e: { action: string }) => e.action)).toEqual([
        'registration.submitted',
        'app.approved',
      ]);
      const missing = await call('/apps/no-such-app', { token: tokens.read });
      expect(missing).toMatchObject({ status: 404, body: { type: 'urn:microapp:problem:app_not_found' } });
    });

    test('POST /gate answers pass or fail with findings; a body without a manifest is 400', async () => {
      const pass = await call('/gate', { token: tokens.gate, body: { manifest: tier1({ name: 'Alpha tool' }) } });
      expect(pass).toMatchObject({
        status: 200,
        body: { result: 'pass', findings: [], app: { name: 'Alpha tool', status: 'approved' } },
      });
      const sbom = { bomFormat: 'CycloneDX', specVersion: '1.6', components: [{ name: 'left-pad', version: '1.3.0' }] };
      const fail = await call('/gate', { token: tokens.gate, body: { manifest: tier1({ name: 'Alpha tool' }), sbom } });
      expect(fail.body).toMatchObject({ result: 'fail', findings: [{ code: 'undeclared_library' }] });
      expect(
        (await call('/gate', { token: tokens.gate, body: { manifest: tier1({ name: 'Never registered' }) } })).body
          .findings[0].code,
      ).toBe('not_registered');
      expect((await call('/gate', { token: tokens.gate, body: [1] })).status).toBe(400);
      const asText = await call('/gate', {
        token: tokens.gate,
        body: { manifest: stringify(tier1({ name: 'Alpha tool' })) },
      });
      expect(asText).toMatchObject({ status: 200, body: { result: 'pass', app: { name: 'Alpha tool' } } });
      expect(await call('/gate', { token: tokens.gate, body: { manifest: 'name: [unclosed' } })).toMatchObject({
        status: 400,
        body: {
          type: 'urn:microapp:problem:bad_manifest_text',
          detail: expect.stringMatching(/^The manifest is not valid YAML or JSON: /),
        },
      });
    });
  });
}

test('each caller is rate-limited with a 429 and Retry-After; failed credentials are limited per address', async () => {
  const limiter = createRateLimiter(2, () => 0);
  expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 30]);
  expect(limiter.take('b')).toBe(0);
  expect(limiter.peek('c')).toBe(0);
});
