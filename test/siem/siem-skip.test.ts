import { createForwardAuditEvents } from '../../src/app/audit/forward-audit-events';
import type { Core } from '../../src/app/core';
import type { Actor } from '../../src/domain/actor';
import { isAppError } from '../../src/domain/errors';
import { createLogger } from '../../src/log/logger';
import type { Registry } from '../../src/ports/registry';
import { createSiemForwarder } from '../../src/scheduler/siem-forwarder';
import { httpSink } from '../../src/siem/http-sink';
import type { FakeSiemCollector } from '../support/fake-siem-collector';
import { acknowledged, startFakeSiemCollector } from '../support/fake-siem-collector';
import { testCore } from '../support/test-core';
import { DIALECTS, createTestRegistry } from '../support/test-databases';
import { loadTestPolicy } from '../support/test-policy';
import { waitFor } from '../support/wait-for';

const ops: Actor = { platform: 'cli', userId: 'ops' };
const clock = { now: () => new Date() };
/** The event the collector refuses for good, as a mapping conflict would. */
const POISON = 'p-57';

async function appendEvents(registry: Registry, count: number): Promise<void> {
  await registry.transaction((tx) =>
    tx.audit.append(
      Array.from({ length: count }, (_, k) => ({
        actor: ops,
        action: 'test.event',
        targetType: 'policy' as const,
        targetId: `p-${k}`,
        outcome: 'success' as const,
      })),
      new Date().toISOString(),
    ),
  );
}

/** The seqs the collector took (2xx), in order. */
const taken = (collector: FakeSiemCollector) => acknowledged(collector).map((r) => r.seq);

async function refusal(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    return isAppError(error) ? `${error.code}: ${error.message}` : String(error);
  }
  return 'not refused';
}

for (const dialect of DIALECTS) {
  describe(`skipping an event a SIEM refuses for good, on ${dialect}`, () => {
    let registry: Registry;
    let collector: FakeSiemCollector;
    let core: Core;
    beforeEach(async () => {
      registry = await createTestRegistry(dialect);
      collector = await startFakeSiemCollector();
      core = testCore(registry, await loadTestPolicy(), clock);
      collector.answer = ({ body }) =>
        body.includes(`"id":"${POISON}"`)
          ? { status: 400, body: '{"error":"mapper_parsing_exception"}' }
          : { status: 200 };
    });
    afterEach(async () => {
      await collector.close();
      await registry.close();
    });

    test('a refused batch narrows to the one event; everything before it goes out; skipping it, audited, lets the rest through', async () => {
      await appendEvents(registry, 100);
      const sink = httpSink({ url: `${collector.url}/ingest`, token: 'collector-token', format: 'json' });
      const forward = createForwardAuditEvents({ registry, sink, owner: 'replica-a', clock, batchSize: 40 });
      const run = createSiemForwarder({
        sinks: [{ name: sink.name, step: forward.step, close: () => forward.release() }],
        logger: createLogger({ level: 'error', write: () => undefined }),
        idleMs: 5,
        firstRetryMs: 5,
        maxRetryMs: 20,
      });
      run.start();
      try {
        await waitFor(() => taken(collector).length === 57, 5000);
        await waitFor(() => collector.requests.at(-1)!.body.split('\n').filter(Boolean).length === 1, 5000);
        expect(taken(collector)).toEqual(Array.from({ length: 57 }, (_, i) => i + 1));

        const held = await core.skipSiemEvent('http', ops);
        expect(held).toMatchObject({
          sink: 'http',
          event: { seq: 58, targetId: POISON },
          lastError: expect.stringContaining('400'),
          skipped: false,
        });
        expect(await refusal(core.skipSiemEvent('http', ops, 59))).toMatch(
          /^siem\.not_held: .*held at event 58, not 59/,
        );
        expect(await refusal(core.skipSiemEvent('syslog', ops))).toMatch(
          /^siem\.not_held: No SIEM sink called "syslog"/,
        );

        expect(await core.skipSiemEvent('http', ops, 58)).toMatchObject({ skipped: true });
        await waitFor(() => taken(collector).length === 57 + 43, 5000);
      } finally {
        await run.stop();
      }
      const seqs = taken(collector);
      expect(seqs).toEqual([
        ...Array.from({ length: 57 }, (_, i) => i + 1),
        ...Array.from({ length: 43 }, (_, i) => i + 59),
      ]);
      const [skip] = (await registry.audit.events(100, 10)).filter((e) => e.action === 'siem.event_skipped');
      expect(skip).toMatchObject({ seq: 101, targetType: 'siem_sink', targetId: 'http', actorUser: 'cli:ops' });
      expect(JSON.parse(String(skip!.details))).toMatchObject({ seq: 58, action: 'test.event' });
      expect(await refusal(core.skipSiemEvent('http', ops, 58))).toMatch(/^siem\.not_held: The http sink is not held/);
    });
  });
}
