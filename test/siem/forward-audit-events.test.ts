import { createForwardAuditEvents } from '../../src/app/audit/forward-audit-events';
import { createSiemStatus } from '../../src/app/audit/siem-status';
import type { Actor } from '../../src/domain/actor';
import { createLogger } from '../../src/log/logger';
import type { Registry } from '../../src/ports/registry';
import { createSiemForwarder } from '../../src/scheduler/siem-forwarder';
import { httpSink } from '../../src/siem/http-sink';
import type { FakeSiemCollector } from '../support/fake-siem-collector';
import { acknowledged, startFakeSiemCollector } from '../support/fake-siem-collector';
import { tier2 } from '../support/manifests';
import { testCore } from '../support/test-core';
import { DIALECTS, createTestRegistry } from '../support/test-databases';
import { loadTestPolicy } from '../support/test-policy';
import { waitFor } from '../support/wait-for';

const actor: Actor = { platform: 'cli', userId: 'ops' };
const clock = { now: () => new Date() };
const TIMING = { idleMs: 5, firstRetryMs: 5, maxRetryMs: 40 };

async function appendEvents(registry: Registry, count: number): Promise<void> {
  for (let i = 0; i < count; i += 25)
    await registry.transaction((tx) =>
      tx.audit.append(
        Array.from({ length: Math.min(25, count - i) }, (_, k) => ({
          actor,
          action: 'test.event',
          targetType: 'policy' as const,
          targetId: `p-${i + k}`,
          outcome: 'success' as const,
        })),
        new Date().toISOString(),
      ),
    );
}

async function allEventIds(registry: Registry): Promise<string[]> {
  return (await registry.audit.events(0, 100_000)).map((e) => e.id);
}

function forwarder(
  registry: Registry,
  collector: FakeSiemCollector,
  owner: string,
  logger = createLogger({ level: 'error', write: () => undefined }),
) {
  const sink = httpSink({ url: `${collector.url}/ingest`, token: 'collector-token', format: 'json' });
  const forward = createForwardAuditEvents({ registry, sink, owner, clock, batchSize: 40 });
  return createSiemForwarder({
    sinks: [{ name: sink.name, step: forward.step, close: () => forward.release() }],
    logger,
    ...TIMING,
  });
}

for (const dialect of DIALECTS) {
  describe(`forwarding the audit log on ${dialect}`, () => {
    let registry: Awaited<ReturnType<typeof createTestRegistry>>;
    let collector: FakeSiemCollector;
    beforeEach(async () => {
      registry = await createTestRegistry(dialect);
      collector = await startFakeSiemCollector();
    });
    afterEach(async () => {
      await collector.close();
      await registry.close();
    });

    test('a collector that answers 503 for a while receives every event exactly once, in order, once it recovers; the health status says it waits', async () => {
      await appendEvents(registry, 150);
      let down = true;
      collector.answer = () => (down ? { status: 503, body: '{"text":"Server is busy"}' } : { status: 200 });
      const lines: string[] = [];
      const run = forwarder(
        registry,
        collector,
        'replica-a',
        createLogger({ level: 'info', write: (l) => lines.push(l) }),
      );
      const status = createSiemStatus({ registry, sinks: ['http'] });
      run.start();
      try {
        await waitFor(() => collector.requests.length >= 4);
        const waiting = await status();
        expect(waiting).toEqual([
          expect.objectContaining({
            sink: 'http',
            sentThrough: 0,
            behind: 150,
            lastError: expect.stringContaining('answered 503'),
          }),
        ]);
        expect(lines.filter((l) => l.includes('could not be sent'))).toHaveLength(1);
        await appendEvents(registry, 30);
        down = false;
        await waitFor(() => acknowledged(collector).length >= 180, 5000);
        await new Promise((r) => setTimeout(r, 50));
      } finally {
        await run.stop();
      }
      const ids = acknowledged(collector).map((r) => r.id);
      expect(ids).toEqual(await allEventIds(registry));
      expect(acknowledged(collector).map((r) => r.seq)).toEqual(Array.from({ length: 180 }, (_, i) => i + 1));
      const [after] = await status();
      expect(after).toMatchObject({ sink: 'http', sentThrough: 180, behind: 0 });
      expect(after!.lastError).toBeUndefined();
      expect(lines.some((l) => l.includes('sending again'))).toBe(true);
    });

    test('the cursor survives a restart: the next forwarder continues where the last one stopped', async () => {
      await appendEvents(registry, 100);
      const first = forwarder(registry, collector, 'replica-a');
      first.start();
      await waitFor(() => acknowledged(collector).length === 100);
      await first.stop();
      await appendEvents(registry, 60);
      const second = forwarder(registry, collector, 'replica-b');
      second.start();
      try {
        await waitFor(() => acknowledged(collector).length >= 160);
        await new Promise((r) => setTimeout(r, 50));
      } finally {
        await second.stop();
      }
      expect(acknowledged(collector).map((r) => r.id)).toEqual(await allEventIds(registry));
    });

    test('two replicas at once: the lease keeps the sink to one, and nothing is sent twice', async () => {
      await appendEvents(registry, 200);
      const a = forwarder(registry, collector, 'replica-a');
      const b = forwarder(registry, collector, 'replica-b');
      a.start();
      b.start();
      try {
        await waitFor(() => acknowledged(collector).length >= 200);
        await appendEvents(registry, 40);
        await waitFor(() => acknowledged(collector).length >= 240);
        await new Promise((r) => setTimeout(r, 50));
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
      expect(acknowledged(collector).map((r) => r.id)).toEqual(await allEventIds(registry));
    });

    test("each line carries the app's id, name, tier and owner, for events about the app and about its review", async () => {
      const core = testCore(registry, await loadTestPolicy(), clock);
      const { app, review } = await core.submitRegistration(tier2(), actor);
      const run = forwarder(registry, collector, 'replica-a');
      run.start();
      try {
        const head = (await registry.audit.head())!.seq;
        await waitFor(() => acknowledged(collector).length >= head);
      } finally {
        await run.stop();
      }
      const records = acknowledged(collector);
      expect(records.length).toBe((await registry.audit.head())!.seq);
      const tag = { id: app.id, name: 'Inbox router', tier: 2, owner: app.owner };
      for (const r of records) {
        expect(r).toEqual(
          expect.objectContaining({
            id: expect.any(String),
            seq: expect.any(Number),
            hash: expect.stringMatching(/^[0-9a-f]{64}$/),
          }),
        );
        if (r.target.type === 'app' || (r.target.type === 'review' && r.target.id === review!.id))
          expect(r.app).toEqual(tag);
        else expect(r.app).toBeUndefined();
      }
      expect(records.some((r) => r.target.type === 'app')).toBe(true);
      expect(records.some((r) => r.target.type === 'review')).toBe(true);
    });
  });
}
