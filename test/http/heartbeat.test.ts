import type { Actor } from '../../src/domain/actor';
import { createHttpServer } from '../../src/http/http-server';
import { HEARTBEAT_PATH, heartbeatRoute } from '../../src/http/heartbeat-route';
import type { HttpServer } from '../../src/http/http-server';
import type { Registry } from '../../src/ports/registry';
import { tier1 } from '../support/manifests';
import type { ClockedCore } from '../support/clocked-core';
import { clockedCore } from '../support/clocked-core';
import { silentLogger } from '../support/silent-logger';
import { DIALECTS } from '../support/test-databases';

const owner: Actor = { platform: 'slack', userId: 'UOWNER' };

for (const dialect of DIALECTS) {
  describe(`POST /api/v1/apps/{id}/heartbeat on ${dialect}`, () => {
    let t: ClockedCore;
    let registry: Registry;
    let http: HttpServer;
    let base: string;
    let appId: string;
    let token: string;
    beforeEach(async () => {
      t = await clockedCore(dialect, '2026-11-23T10:00:00.000Z');
      registry = t.registry;
      http = createHttpServer(silentLogger);
      http.route('POST', HEARTBEAT_PATH, heartbeatRoute(t.core.recordHeartbeat));
      base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
      const app = (await t.core.submitRegistration(tier1({ name: 'Notes tidier' }), owner)).app;
      appId = app.id;
      ({ token } = await t.core.issueAppToken(app.id, owner));
    });
    afterEach(async () => {
      await http.close();
      await registry.close();
    });
    const beat = (id: string, init: { token?: string; body?: string; method?: string } = {}) =>
      fetch(`${base}/api/v1/apps/${id}/heartbeat`, {
        method: init.method ?? 'POST',
        headers: {
          ...(init.token !== undefined && { authorization: `Bearer ${init.token}` }),
          ...(init.body !== undefined && { 'content-type': 'application/json' }),
        },
        body: init.body,
      });
    const app = async () => (await registry.apps.find(appId))!;

    test('the right token records use (204), by id or by name; the write happens at most once a minute', async () => {
      const ok = await beat(appId, { token });
      expect(ok.status).toBe(204);
      expect((await app()).lastActiveAt).toBe('2026-11-23T10:00:00.000Z');
      t.state.now = new Date('2026-11-23T10:00:40.000Z');
      expect((await beat(encodeURIComponent('notes TIDIER'), { token })).status).toBe(204);
      expect((await app()).lastActiveAt).toBe('2026-11-23T10:00:00.000Z');
      expect((await beat(appId, { token: `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}` })).status).toBe(
        401,
      );
      t.state.now = new Date('2026-11-23T10:01:00.000Z');
      expect((await beat(appId, { token, body: '{}' })).status).toBe(204);
      expect((await app()).lastActiveAt).toBe('2026-11-23T10:01:00.000Z');
    });

    test('missing, wrong and revoked tokens, and unknown apps, all get the same 401 naming the fix', async () => {
      const missing = await beat(appId);
      expect(missing.status).toBe(401);
      expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="microapp"');
      expect(((await missing.json()) as { message: string }).message).toMatch(
        /Authorization: Bearer <token>.*\/microapp token <app>.*microapp token issue <app>/,
      );
      const wrong = await beat(appId, { token: 'mab_' + 'x'.repeat(59) });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('www-authenticate')).toBe('Bearer realm="microapp", error="invalid_token"');
      const wrongBody = (await wrong.json()) as { message: string };
      expect(wrongBody.message).toMatch(/not valid for this app/);
      const unknown = await beat('00000000-0000-4000-8000-000000000000', { token });
      expect(unknown.status).toBe(401);
      expect(await unknown.json()).toEqual(wrongBody);
      expect((await beat(appId, { token: 'not-a-token' })).status).toBe(401);
      await t.core.revokeAppToken(appId, { platform: 'cli', userId: 'admin' });
      const revoked = await beat(appId, { token });
      expect(revoked.status).toBe(401);
      expect(await revoked.json()).toEqual(wrongBody);
      expect((await app()).lastActiveAt).toBeUndefined();
    });

    test('a decommissioned app gets 410', async () => {
      await t.core.decommissionApp(appId, { planCarriedOut: true, dataPurged: true }, owner);
      const gone = await beat(appId, { token });
      expect(gone.status).toBe(410);
      expect(((await gone.json()) as { message: string }).message).toMatch(/"Notes tidier" is decommissioned/);
    });

    test('{"sandbox": true} marks since when the app has had test data, once, audited', async () => {
      expect((await beat(appId, { token, body: '{"sandbox": false}' })).status).toBe(204);
      expect((await app()).sandboxSince).toBeUndefined();
      t.state.now = new Date('2026-11-23T10:00:10.000Z');
      expect((await beat(appId, { token, body: '{"sandbox": true}' })).status).toBe(204);
      expect(await app()).toMatchObject({
        sandboxSince: '2026-11-23T10:00:10.000Z',
        lastActiveAt: '2026-11-23T10:00:10.000Z',
      });
      t.state.now = new Date('2026-11-25T10:00:00.000Z');
      expect((await beat(appId, { token, body: '{"sandbox": true}' })).status).toBe(204);
      expect(await app()).toMatchObject({
        sandboxSince: '2026-11-23T10:00:10.000Z',
        lastActiveAt: '2026-11-25T10:00:00.000Z',
      });
      expect((await registry.audit.events(0, 100)).filter((e) => e.action === 'app.sandbox_used')).toHaveLength(1);
    });

    test('bad bodies get 400, big ones 413, other methods 405', async () => {
      for (const body of ['{', '[]', '{"sandbox": "yes"}', '{"sandbx": true}'])
        expect((await beat(appId, { token, body })).status).toBe(400);
      const big = await beat(appId, { token, body: JSON.stringify({ sandbox: true, pad: 'x'.repeat(5000) }) });
      expect(big.status).toBe(413);
      const get = await beat(appId, { token, method: 'GET' });
      expect(get.status).toBe(405);
      expect(get.headers.get('allow')).toBe('POST');
      expect((await fetch(`${base}/api/v1/apps/${appId}/heartbeat/extra`, { method: 'POST' })).status).toBe(404);
      expect((await app()).sandboxSince).toBeUndefined();
    });
  });
}
