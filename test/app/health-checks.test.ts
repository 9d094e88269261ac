import type { ServerResponse } from 'node:http';
import type { HealthStandIn, ThrowawayCertificate } from '../../bench/health-stand-in';
import { startHealthStandIn, throwawayCertificate } from '../../bench/health-stand-in';
import type { Core } from '../../src/app/core';
import { createCore } from '../../src/app/create-core';
import type { Actor } from '../../src/domain/actor';
import type { HealthNotice } from '../../src/domain/outbound';
import { createHttpsHealthProbe } from '../../src/health/https-health-probe';
import { createPrometheusMetrics } from '../../src/metrics/prometheus-metrics';
import { createPeopleDirectory } from '../../src/people/people-directory';
import type { Policy } from '../../src/policy/policy';
import type { Registry } from '../../src/ports/registry';
import { createSecretScanner } from '../../src/secrets/scan-secrets';
import { healthNotice } from '../../src/views/health-notice';
import { tier1 } from '../support/manifests';
import { createTestRegistry, DIALECTS } from '../support/test-databases';
import { loadTestPolicy, PEOPLE } from '../support/test-policy';
import { silentLogger } from '../support/silent-logger';

const owner: Actor = { platform: 'slack', tenant: 'T1', userId: 'UOWNER' };

let cert: ThrowawayCertificate;
let server: HealthStandIn;
/** What each app's endpoint (/app/<n>) answers now. */
const answers = new Map<string, (res: ServerResponse) => void>();
const ok = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
const degraded = (res: ServerResponse) =>
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"degraded"}');
const unavailable = (res: ServerResponse) => res.writeHead(503).end();

beforeAll(async () => {
  cert = throwawayCertificate();
  server = await startHealthStandIn(cert, (req, res) => {
    const answer = answers.get(req.url ?? '') ?? ok;
    if (req.url?.startsWith('/slow/')) return void setTimeout(() => answer(res), 50);
    answer(res);
  });
});

afterAll(async () => {
  await server.close();
  cert.remove();
});

for (const dialect of DIALECTS) {
  describe(`health checks on ${dialect}`, () => {
    let registry: Registry;
    let core: Core;
    const state = { now: new Date('2027-03-01T09:00:00Z'), policy: undefined as unknown as Policy };
    const at = (iso: string) => {
      state.now = new Date(iso);
    };
    const minutes = (n: number) => {
      state.now = new Date(state.now.getTime() + n * 60_000);
    };

    beforeEach(async () => {
      registry = await createTestRegistry(dialect);
      state.now = new Date('2027-03-01T09:00:00Z');
      state.policy = await loadTestPolicy();
      const clock = { now: () => state.now };
      core = createCore({
        registry,
        policy: () => state.policy,
        scanner: createSecretScanner(),
        clock,
        logger: silentLogger,
        directory: createPeopleDirectory({ people: registry.people, messengers: new Map(), clock }),
        platforms: ['slack'],
        healthProbe: createHttpsHealthProbe({ allowedHosts: ['127.0.0.1'], ca: cert.cert }),
      });
      answers.clear();
    });
    afterEach(() => registry.close());

    const register = async (name: string, path: string) => {
      const { app } = await core.submitRegistration(tier1({ name, healthEndpoint: server.url(path) }), owner);
      expect(app.status).toBe('approved');
      return app;
    };
    const healthNotices = async () =>
      (await registry.outbox.list({ states: ['pending'], limit: 500 }))
        .reverse()
        .filter((r) => r.message.view === 'notice' && r.message.notice.type.startsWith('health_'))
        .map((r) => ({
          to: (r.recipient as { ref: string }).ref,
          notice: (r.message as { notice: HealthNotice }).notice,
        }));

    test('a healthy app: status, since and last check in show; nobody is told', async () => {
      const app = await register('Notes tidier', '/app/1');
      const report = await core.runHealthRound();
      expect(report).toMatchObject({ outcome: 'complete', counts: { healthy: 1, degraded: 0, failing: 0 } });
      expect(report.results).toEqual([
        expect.objectContaining({ appId: app.id, name: 'Notes tidier', status: 'healthy', told: [] }),
      ]);
      expect((await core.describeApp(app.id))?.health).toEqual({
        appId: app.id,
        status: 'healthy',
        since: '2027-03-01T09:00:00.000Z',
        lastCheckedAt: '2027-03-01T09:00:00.000Z',
        consecutiveFailures: 0,
      });
      expect(await healthNotices()).toEqual([]);
    });

    test('a degraded app is degraded, with what it said, and nobody is told', async () => {
      const app = await register('Notes tidier', '/app/1');
      answers.set('/app/1', degraded);
      await core.runHealthRound();
      expect((await core.describeApp(app.id))?.health).toMatchObject({
        status: 'degraded',
        lastError: 'says it is degraded',
      });
      expect(await healthNotices()).toEqual([]);
    });

    test('failing three times tells the owner exactly once; answering again tells them once that it recovered', async () => {
      const app = await register('Notes tidier', '/app/1');
      answers.set('/app/1', unavailable);
      for (let i = 0; i < 2; i++) {
        await core.runHealthRound();
        minutes(15);
      }
      expect(await healthNotices()).toEqual([]);
      const third = await core.runHealthRound();
      expect(third.results[0]).toMatchObject({ status: 'failing', reason: 'answered 503', told: ['alert_owner'] });
      for (let i = 0; i < 3; i++) {
        minutes(15);
        await core.runHealthRound();
      }
      expect(await healthNotices()).toEqual([
        {
          to: PEOPLE.owner,
          notice: {
            type: 'health_failing',
            appId: app.id,
            reason: 'answered 503',
            since: '2027-03-01T09:00:00.000Z',
            failures: 3,
            escalateAfterDays: 3,
          },
        },
      ]);
      expect((await core.describeApp(app.id))?.health).toMatchObject({
        status: 'failing',
        since: '2027-03-01T09:00:00.000Z',
        consecutiveFailures: 6,
        lastError: 'answered 503',
      });
      answers.set('/app/1', ok);
      minutes(15);
      await core.runHealthRound();
      minutes(15);
      await core.runHealthRound();
      const told = await healthNotices();
      expect(told.map((t) => t.notice.type)).toEqual(['health_failing', 'health_recovered']);
      expect(told[1]).toEqual({
        to: PEOPLE.owner,
        notice: {
          type: 'health_recovered',
          appId: app.id,
          status: 'healthy',
          failingSince: '2027-03-01T09:00:00.000Z',
        },
      });
      const events = await registry.audit.events(0, 100);
      expect(events.filter((e) => e.action.startsWith('app.health_')).map((e) => e.action)).toEqual([
        'app.health_failing',
        'app.health_recovered',
      ]);
    });

    test('failing past escalateAfterDays goes to the admins once per failing spell', async () => {
      const app = await register('Notes tidier', '/app/1');
      answers.set('/app/1', unavailable);
      for (const time of ['09:00', '09:15', '09:30']) {
        at(`2027-03-01T${time}:00Z`);
        await core.runHealthRound();
      }
      at('2027-03-03T09:00:00Z');
      await core.runHealthRound();
      expect((await healthNotices()).map((t) => t.notice.type)).toEqual(['health_failing']);
      at('2027-03-04T09:00:00Z');
      await core.runHealthRound();
      at('2027-03-04T09:15:00Z');
      await core.runHealthRound();
      const told = await healthNotices();
      expect(told.map((t) => [t.notice.type, t.to])).toEqual([
        ['health_failing', PEOPLE.owner],
        ['health_escalated', PEOPLE.admin],
      ]);
      expect(told[1]?.notice).toEqual({
        type: 'health_escalated',
        appId: app.id,
        owner: PEOPLE.owner,
        reason: 'answered 503',
        since: '2027-03-01T09:00:00.000Z',
        ownerToldAt: '2027-03-01T09:30:00.000Z',
      });
    });

    test('the scheduler checks only apps not checked for healthChecks.everyMinutes', async () => {
      await register('Notes tidier', '/app/1');
      expect((await core.runHealthRound({ dueOnly: true })).results).toHaveLength(1);
      minutes(5);
      expect((await core.runHealthRound({ dueOnly: true })).results).toHaveLength(0);
      minutes(10);
      expect((await core.runHealthRound({ dueOnly: true })).results).toHaveLength(1);
    });

    test('a round another replica holds is left to it', async () => {
      await register('Notes tidier', '/app/1');
      await registry.transaction((tx) =>
        tx.health.saveRound({ leaseOwner: 'another', leaseUntil: '2027-03-01T09:03:00.000Z' }),
      );
      expect(await core.runHealthRound()).toMatchObject({ outcome: 'busy', results: [] });
      minutes(4);
      expect(await core.runHealthRound()).toMatchObject({ outcome: 'complete', counts: { healthy: 1 } });
    });

    test('checks run healthChecks.concurrency at a time, and apps without an endpoint are left alone', async () => {
      state.policy = { ...state.policy, healthChecks: { ...state.policy.healthChecks, concurrency: 3 } };
      for (let i = 0; i < 12; i++) await register(`Slow app ${i}`, `/slow/${i}`);
      await core.submitRegistration(tier1({ name: 'No endpoint' }), owner);
      const before = server.requests();
      const report = await core.runHealthRound();
      expect(report.results).toHaveLength(12);
      expect(server.requests() - before).toBe(12);
      expect(server.peakOpen()).toBeLessThanOrEqual(3);
    });

    test('a round stopped mid-check (the bot shutting down) stores nothing for the checks it cut short', async () => {
      const app = await register('Slow app', '/slow/1');
      const stop = new AbortController();
      setTimeout(() => stop.abort(), 20);
      const report = await core.runHealthRound({ signal: stop.signal });
      expect(report).toMatchObject({ outcome: 'interrupted', results: [] });
      expect((await core.describeApp(app.id))?.health).toBeUndefined();
      expect(await core.runHealthRound()).toMatchObject({ outcome: 'complete', counts: { healthy: 1 } });
    });

    test('/metrics counts approved apps per health status', async () => {
      await register('Notes tidier', '/app/1');
      await register('Ledger sync', '/app/2');
      answers.set('/app/2', unavailable);
      await core.runHealthRound();
      const metrics = createPrometheusMetrics();
      metrics.readFrom(registry, { now: () => state.now });
      const text = await metrics.scrape();
      expect(text).toContain('microapp_app_health{status="healthy"} 1');
      expect(text).toContain('microapp_app_health{status="failing"} 1');
      expect(text).toContain('microapp_app_health{status="degraded"} 0');
    });

    test("an app's history keeps its latest 100 checks", async () => {
      const app = await register('Notes tidier', '/app/1');
      await registry.transaction(async (tx) => {
        for (let i = 0; i < 105; i++)
          await tx.health.record(
            { appId: app.id, at: new Date(Date.UTC(2027, 2, 1, 0, i)).toISOString(), status: 'healthy', ms: 3 },
            100,
          );
      });
      const history = await core.healthHistory(app.id, 500);
      expect(history).toHaveLength(100);
      expect(history[0]?.at).toBe('2027-03-01T01:44:00.000Z');
      expect(history.at(-1)?.at).toBe('2027-03-01T00:05:00.000Z');
    });
  });
}

describe('what people read', () => {
  const app = { name: 'Notes tidier' } as Parameters<typeof healthNotice>[1];
  test("the owner's note names the app, the reason and what happens next", () => {
    const view = healthNotice(
      {
        type: 'health_failing',
        appId: 'a1',
        reason: 'the certificate is not trusted',
        since: '2027-03-01T09:00:00Z',
        failures: 3,
        escalateAfterDays: 3,
      },
      app,
      {},
      'Europe/Berlin',
    );
    const text = view.blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
    expect(view.title).toBe('Notes tidier: failing its health check');
    expect(text).toContain('"Notes tidier" has failed its last 3 health checks in a row, since 1 Mar 2027, 10:00 CET.');
    expect(text).toContain('The last check: the certificate is not trusted.');
    expect(text).toContain('if it still fails after 3 days, the admins are told');
  });

  test("the admins' note names the owner by name, never by platform ref", () => {
    const view = healthNotice(
      {
        type: 'health_escalated',
        appId: 'a1',
        owner: 'slack:UOWNER',
        reason: 'answered 503',
        since: '2027-03-01T09:00:00Z',
        ownerToldAt: '2027-03-01T09:30:00Z',
      },
      app,
      { 'slack:UOWNER': 'Olivia Owner' },
    );
    const text = JSON.stringify(view);
    expect(text).toContain('(owner: Olivia Owner)');
    expect(text).not.toContain('UOWNER');
  });
});
