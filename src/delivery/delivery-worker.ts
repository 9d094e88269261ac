import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ChatPlatform, Notice, Recipient } from '../domain/outbound';
import { reachableAdmins } from '../people/reachable-admins';
import type { Logger } from '../log/logger';
import type { Metrics } from '../ports/metrics';
import type { Clock } from '../ports/clock';
import { DeliveryError, isDeliveryError } from '../ports/delivery-error';
import type { ClaimedRow } from '../ports/outbox';
import type { DeliverDeps } from './deliver-row';
import { deliverRow } from './deliver-row';

/** Tuning; the defaults suit production. */
export interface DeliveryOptions {
  /** Rows held at once, across all lanes. */
  capacity?: number;
  /** Rows claimed ahead in one lane, so a paced lane always has its next message ready. */
  laneDepth?: number;
  pollMs?: number;
  leaseMs?: number;
  maxAttempts?: number;
  firstRetryMs?: number;
  maxRetryMs?: number;
  /** Longest wait for one platform call before it counts as a time-out. */
  sendTimeoutMs?: number;
  /** Longest the worker gives way to requests being answered (see `busy`) before it sends regardless. */
  yieldMs?: number;
}

/** What the worker needs. */
export interface DeliveryWorkerDeps extends DeliverDeps {
  clock: Clock;
  logger: Logger;
  /** Counts each attempt's outcome; nothing when absent. */
  metrics?: Metrics;
  /** True while people's requests (a click, a command) are being answered; the worker waits for a pause before claiming or sending. */
  busy?: () => boolean;
}

/** The delivery worker of one bot process. */
export interface DeliveryWorker {
  start(): void;
  /** Looks for due messages now (a use case just queued some); wakes in one turn of the event loop make one look. */
  wake(): void;
  /** Stops claiming, lets sends in flight finish (up to `deadlineMs`), and hands back what it held. */
  stop(deadlineMs?: number): Promise<void>;
}

interface Lane {
  rows: ClaimedRow[];
  running: boolean;
}

const HOUR_MS = 3_600_000;
/** How often a worker giving way to requests looks again. */
const YIELD_POLL_MS = 5;

/**
 * Sends the outbox. Each recipient is a lane with its own queue and pace: a slow or failing channel
 * never holds up another. Rows are leased, so several replicas share one PostgreSQL safely, and a
 * crash leaves them to be claimed again when the lease runs out. Refusals that retrying cannot mend
 * become undeliverable with their fix, and admins hear about each problem at most once an hour
 * (de-duplicated in the database, so replicas agree). While people's requests are being answered
 * (`busy`), claims and sends wait for a pause, at most `yieldMs` in a row: an answer to a click
 * comes before updating copies of cards and telling others, which share the same process.
 */
export function createDeliveryWorker(deps: DeliveryWorkerDeps, options: DeliveryOptions = {}): DeliveryWorker {
  const o = {
    capacity: 64,
    laneDepth: 3,
    pollMs: 500,
    leaseMs: 60_000,
    maxAttempts: 10,
    firstRetryMs: 2_000,
    maxRetryMs: 10 * 60_000,
    sendTimeoutMs: 30_000,
    yieldMs: 1_000,
    ...options,
  };
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const outbox = deps.registry.outbox;
  const log = deps.logger.child({ component: 'delivery' });
  const lanes = new Map<string, Lane>();
  const paceUntil = new Map<string, number>();
  const sleepers = new Set<() => void>();
  let held = 0;
  let pumping = false;
  let again = false;
  let stopping = false;
  let woken = false;
  let timer: NodeJS.Timeout | undefined;
  let busySince: number | undefined;
  let pause: Promise<void> | undefined;
  const iso = (offsetMs = 0) => new Date(deps.clock.now().getTime() + offsetMs).toISOString();

  /** Whether to wait for people's requests to be answered first: while they are, up to `yieldMs` in a row; after that, sends go on whatever the load until a pause. */
  const yielding = () => {
    if (stopping || !deps.busy?.()) {
      busySince = undefined;
      return false;
    }
    busySince ??= Date.now();
    return Date.now() - busySince < o.yieldMs;
  };
  /** Waits while `yielding`; every waiter shares one timer. */
  const giveWay = async () => {
    while (yielding()) {
      pause ??= sleep(YIELD_POLL_MS).finally(() => {
        pause = undefined;
      });
      await pause;
    }
  };

  const pump = async () => {
    if (stopping) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    try {
      await giveWay();
      do {
        again = false;
        const room = o.capacity - held;
        if (room <= 0) break;
        const skipLanes = [...lanes].filter(([, lane]) => lane.rows.length >= o.laneDepth).map(([key]) => key);
        const rows = await outbox.claim({
          owner,
          now: iso(),
          leaseUntil: iso(o.leaseMs),
          limit: Math.min(room, 20),
          skipLanes,
          perLane: o.laneDepth,
        });
        for (const row of rows) {
          const lane = lanes.get(row.lane) ?? { rows: [], running: false };
          lanes.set(row.lane, lane);
          lane.rows.push(row);
          held += 1;
          void runLane(row.lane, lane);
        }
        if (rows.length === Math.min(room, 20)) again = true;
      } while (again && !stopping);
    } catch (error) {
      log.error('could not read the outbox; trying again shortly', { error });
    } finally {
      pumping = false;
    }
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(t);
        sleepers.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      sleepers.add(done);
    });

  const runLane = async (key: string, lane: Lane) => {
    if (lane.running) return;
    lane.running = true;
    try {
      while (lane.rows.length > 0 && !stopping) {
        const wait = (paceUntil.get(key) ?? 0) - Date.now();
        if (wait > 0) await sleep(wait);
        await giveWay();
        if (stopping) break;
        const row = lane.rows.shift()!;
        await send(row, key, lane);
        held -= 1;
      }
    } finally {
      lane.running = false;
      if (lane.rows.length === 0 && lanes.get(key) === lane) lanes.delete(key);
      if (paceUntil.size > 1_000) for (const [k, until] of paceUntil) if (until <= Date.now()) paceUntil.delete(k);
      if (!stopping) setImmediate(() => void pump());
    }
  };

  const send = async (row: ClaimedRow, key: string, lane: Lane) => {
    let started = false;
    try {
      const delivered = await withTimeout(
        deliverRow(row, deps, async () => (started = await outbox.startSend(row.id, owner, iso(), iso(o.leaseMs)))),
        o.sendTimeoutMs,
      );
      await outbox.complete(row.id, owner, iso(), delivered.ref);
      deps.metrics?.delivered('sent');
      if (delivered.paceMs > 0) paceUntil.set(key, (delivered.postedAtMs ?? Date.now()) + delivered.paceMs);
      else paceUntil.delete(key);
    } catch (error) {
      await failed(row, key, lane, error, started).catch((e: unknown) =>
        log.error('could not record a delivery failure', { id: row.id, error: e }),
      );
    }
  };

  /** `started` is false when the attempt failed before the platform call; it still counts, and an earlier maybe-sent mark stays. */
  const failed = async (row: ClaimedRow, key: string, lane: Lane, error: unknown, started: boolean) => {
    const e = isDeliveryError(error)
      ? error
      : new DeliveryError({
          code: 'unexpected',
          permanent: false,
          maybeSent: true,
          fix: 'See the error in the log; it is retried.',
          cause: error,
        });
    if (e.code === 'lease_lost') return;
    if (
      !started &&
      !e.permanent &&
      !(await outbox.startSend(row.id, owner, row.sendStartedAt ?? iso(), iso(o.leaseMs)))
    )
      return;
    const attempts = row.attempts + 1;
    const what = describe(row);
    if (e.permanent || attempts >= o.maxAttempts) {
      const fix = e.permanent ? e.fix : `Gave up after ${attempts} attempts (last: ${e.code}). ${e.fix}`;
      log.error(`could not ${what}`, { id: row.id, lane: key, code: e.code, fix, attempts, error: e.cause ?? e });
      await outbox.giveUp(row.id, owner, { at: iso(), error: e.code, fix });
      deps.metrics?.delivered('undeliverable');
      await alertAdmins(row, e.code, fix);
      return;
    }
    const backoff = Math.min(o.maxRetryMs, o.firstRetryMs * 2 ** (attempts - 1)) * (0.8 + Math.random() * 0.4);
    const delay = Math.max(e.retryAfterMs ?? 0, backoff);
    log.warn(`could not ${what}; will try again`, {
      id: row.id,
      lane: key,
      code: e.code,
      attempts,
      retryInMs: Math.round(delay),
    });
    await outbox.retry(row.id, owner, {
      dueAt: iso(delay),
      error: e.code,
      maybeSent: e.maybeSent || (!started && Boolean(row.sendStartedAt)),
    });
    deps.metrics?.delivered('retry');
    paceUntil.set(key, Date.now() + delay);
    for (const queued of lane.rows.splice(0)) {
      held -= 1;
      await outbox.retry(queued.id, owner, { dueAt: iso(delay), maybeSent: true });
    }
  };

  const alertAdmins = async (row: ClaimedRow, code: string, fix: string) => {
    if (
      code === 'gone' ||
      (row.message.view === 'notice' && ['delivery_problem', 'person_unreachable'].includes(row.message.notice.type))
    )
      return;
    const connected = [...deps.messengers.keys()] as ChatPlatform[];
    const admins = await reachableAdmins(deps.policy(), connected, deps.directory);
    if (admins.length === 0) {
      log.warn(
        `no admin to tell about a delivery problem: add members to roles.admin.members in policies/roles.yaml (user refs or emails known on ${connected.join(' or ') || 'a connected chat platform'})`,
        { code },
      );
      return;
    }
    const notice: Notice =
      row.recipient.kind === 'person' && (code === 'person_unknown' || code === 'person_inactive')
        ? { type: 'person_unreachable', ref: row.recipient.ref, what: describe(row), appId: appIdOf(row) }
        : { type: 'delivery_problem', what: describe(row), where: whereOf(row.recipient), code, fix };
    const problem =
      notice.type === 'person_unreachable'
        ? `${code}|${row.recipient.kind === 'person' ? row.recipient.ref.toLowerCase() : ''}`
        : `${code}|${row.lane}`;
    const hour = Math.floor(deps.clock.now().getTime() / HOUR_MS);
    await outbox.enqueue(
      admins.map((admin) => ({
        recipient: { kind: 'person', ref: admin },
        message: { view: 'notice', notice },
        dedupeKey: `alert|${problem}|${hour}|${admin.toLowerCase()}`.slice(0, 300),
      })),
      iso(),
    );
    setImmediate(() => void pump());
  };

  return {
    start() {
      timer = setInterval(() => void pump(), o.pollMs);
      timer.unref();
      void pump();
    },
    wake() {
      if (woken) return;
      woken = true;
      setImmediate(() => {
        woken = false;
        void pump();
      });
    },
    async stop(deadlineMs = 10_000) {
      stopping = true;
      if (timer) clearInterval(timer);
      for (const wakeUp of [...sleepers]) wakeUp();
      const end = Date.now() + deadlineMs;
      while ((pumping || [...lanes.values()].some((l) => l.running)) && Date.now() < end)
        await new Promise((r) => setTimeout(r, 10));
      for (const lane of lanes.values()) {
        for (const row of lane.rows.splice(0))
          await outbox.retry(row.id, owner, { dueAt: row.dueAt, maybeSent: true }).catch(() => undefined);
      }
      lanes.clear();
    },
  };
}

function describe(row: ClaimedRow): string {
  switch (row.message.view) {
    case 'approval_card':
      return row.recipient.kind === 'card_copies' ? 'update the approval card' : 'post the approval card';
    case 'risk_summary':
      return 'send the risk assessment';
    case 'owner_status':
      return "tell the owner about the review's outcome";
    case 'notice':
      return 'send a notice';
    case 'reminder_digest':
      return 'send reminders';
    case 'discovery_question':
      return 'ask about a discovered item';
    case 'discovery_digest':
      return 'tell the admins about unclaimed discovered items';
    case 'audit_checkpoint':
      return 'post the audit log checkpoint';
  }
}

function whereOf(r: Recipient): string {
  return r.kind === 'channel' ? r.channel : r.kind === 'person' ? 'a direct message' : "the card's channels";
}

function appIdOf(row: ClaimedRow): string | undefined {
  const m = row.message;
  return m.view === 'owner_status' ? m.appId : m.view === 'notice' && 'appId' in m.notice ? m.notice.appId : undefined;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new DeliveryError({
            code: 'timeout',
            permanent: false,
            maybeSent: true,
            fix: 'The platform did not answer in time; it is retried.',
          }),
        ),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
