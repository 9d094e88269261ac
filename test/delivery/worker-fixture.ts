import type { DeliveryOptions, DeliveryWorker } from '../../src/delivery/delivery-worker';
import { createDeliveryWorker } from '../../src/delivery/delivery-worker';
import type { NewOutboundMessage, Notice } from '../../src/domain/outbound';
import { createPeopleDirectory } from '../../src/people/people-directory';
import type { Policy } from '../../src/policy/policy';
import { DeliveryError } from '../../src/ports/delivery-error';
import type { OutboxRow } from '../../src/ports/outbox';
import { OUTBOX_STATES } from '../../src/ports/outbox';
import { silentLogger } from '../support/silent-logger';
import type { DatabaseTarget } from '../../src/store/database-target';
import { createTestRegistry } from '../support/test-databases';
import { PEOPLE, loadTestPolicy } from '../support/test-policy';
import type { FakeMessenger } from './fake-messenger';
import { createFakeMessenger } from './fake-messenger';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A failure the worker retries, after `retryAfterMs` when given. */
export const retryable = (code = 'http_503', retryAfterMs?: number) =>
  new DeliveryError({ code, permanent: false, retryAfterMs, fix: 'It is retried.' });
const notice = (appId: string): Notice => ({ type: 'app_decommissioned', appId, by: PEOPLE.owner });
/** A notice about `appId` to a Slack channel. */
export const toChannel = (channel: string, appId = channel): NewOutboundMessage => ({
  recipient: { kind: 'channel', platform: 'slack', channel },
  message: { view: 'notice', notice: notice(appId) },
});
/** A notice about `appId` to a person, by user ref or email. */
export const toPerson = (ref: string, appId = ref): NewOutboundMessage => ({
  recipient: { kind: 'person', ref },
  message: { view: 'notice', notice: notice(appId) },
});
/** The admins' alerts among the rows: delivery problems and people nobody can reach. */
export const alerts = (all: OutboxRow[]) =>
  all.filter(
    (r) => r.message.view === 'notice' && ['delivery_problem', 'person_unreachable'].includes(r.message.notice.type),
  );
/** The rows of one Slack channel's lane. */
export const inLane = (all: OutboxRow[], channel: string) => all.filter((r) => r.lane === `slack:channel:${channel}`);

/**
 * A delivery worker over a fresh registry for each test (call inside a describe): a fake Slack that
 * knows the owner and the admin, the test policy (`policy` may be replaced for a test), and a clock
 * that runs with the wall clock from 10:10 on a fixed day (`offsetMs` moves it on). The worker is
 * started by `start` and stopped after each test.
 */
export function deliveryWorkerFixture(dialect: DatabaseTarget['kind']) {
  const f = {
    registry: undefined as unknown as Awaited<ReturnType<typeof createTestRegistry>>,
    fake: undefined as unknown as FakeMessenger,
    policy: undefined as unknown as Policy,
    worker: undefined as DeliveryWorker | undefined,
    offsetMs: 0,
    clock: { now: () => new Date(Date.now() + f.offsetMs) },
    iso: (ms = 0) => new Date(f.clock.now().getTime() + ms).toISOString(),
    start(options: DeliveryOptions = {}, busy?: () => boolean): DeliveryWorker {
      const messengers = new Map([['slack', f.fake.messenger]]);
      const directory = createPeopleDirectory({ people: f.registry.people, messengers, clock: f.clock });
      f.worker = createDeliveryWorker(
        {
          registry: f.registry,
          directory,
          messengers,
          policy: () => f.policy,
          clock: f.clock,
          logger: silentLogger,
          busy,
        },
        { pollMs: 20, firstRetryMs: 50, maxRetryMs: 400, leaseMs: 5_000, sendTimeoutMs: 2_000, ...options },
      );
      f.worker.start();
      return f.worker;
    },
    /** The queued rows, left as a worker that crashed in the middle of sending them leaves them: claimed, send started 10 ms ago. */
    async crashedMidSend(): Promise<{ rows: OutboxRow[]; startedAt: string }> {
      const rows = await f.registry.outbox.claim({
        owner: 'crashed',
        now: f.iso(),
        leaseUntil: f.iso(60_000),
        limit: 100,
        skipLanes: [],
      });
      const startedAt = f.iso(-10);
      for (const row of rows) await f.registry.outbox.startSend(row.id, 'crashed', startedAt, f.iso(-1));
      return { rows, startedAt };
    },
    enqueue: (messages: NewOutboundMessage[], ms = 0) => f.registry.outbox.enqueue(messages, f.iso(ms)),
    rows: () => f.registry.outbox.list({ states: [...OUTBOX_STATES], limit: 1_000 }),
    counts: () => f.registry.outbox.counts(),
    /** The outbox once `test` holds for it; fails with the rows' states after `timeoutMs`. */
    async waitForRows(test: (rows: OutboxRow[]) => boolean, timeoutMs = 3_000): Promise<OutboxRow[]> {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const all = await f.rows();
        if (test(all)) return all;
        if (Date.now() > end)
          throw new Error(
            `timed out; outbox: ${JSON.stringify(all.map((r) => [r.lane, r.state, r.attempts, r.lastError]))}`,
          );
        await sleep(20);
      }
    },
  };
  beforeEach(async () => {
    f.offsetMs = Date.parse('2026-11-21T10:10:00.000Z') - Date.now();
    f.policy = await loadTestPolicy();
    f.registry = await createTestRegistry(dialect);
    f.fake = createFakeMessenger('slack', [
      { ref: PEOPLE.owner, displayName: 'Olivia Owner', active: true },
      { ref: PEOPLE.admin, displayName: 'Ada Admin', active: true },
    ]);
    f.worker = undefined;
  });
  afterEach(async () => {
    await f.worker?.stop(2_000);
    await f.registry.close();
  });
  return f;
}
