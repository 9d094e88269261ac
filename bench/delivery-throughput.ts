import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSlackMessenger } from '../adapters/slack/slack-messenger';
import { createDeliveryWorker } from '../src/delivery/delivery-worker';
import type { NewOutboundMessage } from '../src/domain/outbound';
import { createLogger } from '../src/log/logger';
import { createPeopleDirectory } from '../src/people/people-directory';
import { loadPolicy } from '../src/policy/load-policy';
import { systemClock } from '../src/ports/clock';
import type { Messenger } from '../src/ports/messenger';
import type { OutboxState } from '../src/ports/outbox';
import { createKyselyRegistry } from '../src/store/kysely-registry';
import { inFreshProcess, serveFreshProcess } from './fresh-process';
import type { AcceptedPost } from './slack-api-stand-in';
import { startSlackApiStandIn } from './slack-api-stand-in';

/** How much the part queues, and in which order. */
export interface DeliverySizes {
  channels: number;
  perChannel: number;
  /**
   * `interleaved`: message i goes to channel i mod channels (many use cases, each posting once);
   * `by-channel`: every message for the first channel, then the second, … (bursts).
   */
  order: 'interleaved' | 'by-channel';
  /** How long the stand-in holds back each answer (a round trip to Slack); 0 for none. */
  latencyMs?: number;
}

/** One channel's accepted posts: how many, and its steady-state rate (first post excluded). */
export interface ChannelRate {
  channel: string;
  posts: number;
  /** When its first post arrived, ms after the worker started. */
  firstMs: number;
  /** Posts per second after the first: (posts - 1) / (last - first). */
  perSecond: number;
}

/** What the part measured. */
export interface DeliveryThroughput {
  sizes: DeliverySizes;
  /** The limit the stand-in enforced, per channel. */
  limitPerSecond: number;
  messages: number;
  /** From the worker's start until every row was done, in ms. */
  totalMs: number;
  channels: ChannelRate[];
  /** Steady-state rate per channel as a percentage of the limit: mean, lowest, highest. */
  ratePercent: { mean: number; min: number; max: number };
  /** All channels together, posts per second over the whole run. */
  overallPerSecond: number;
  /** Gaps between consecutive accepted posts in one channel, in ms. */
  gapMs: { min: number; mean: number; max: number };
  /** chat.postMessage calls answered 429. */
  rateLimited: number;
  /** chat.postMessage calls made (accepted + refused). */
  postCalls: number;
  /** Rows posted exactly once (by their metadata key), more than once, and never. */
  once: number;
  duplicated: number;
  missing: number;
  /** Outbox rows by state at the end. */
  outbox: Record<OutboxState, number>;
  /** Warnings and errors the worker logged (each 429 is a warning). */
  logged: { warn: number; error: number };
}

/** Slack's documented limit for chat.postMessage: about one message per second per channel. */
const LIMIT_INTERVAL_MS = 1000;
/** Give up (and fail) when delivery takes this long. */
const DEADLINE_MS = 120_000;

/**
 * Queues `perChannel` notices for each of `channels` Slack channels in a temporary SQLite registry,
 * then runs the real delivery worker with the real Slack messenger, over HTTP, against a local
 * stand-in of Slack's Web API that refuses (HTTP 429, `Retry-After: 1`) any post to a channel less
 * than 1000 ms after the previous accepted one there. Measures each channel's steady-state rate,
 * the 429s, the total time, and that every row was posted exactly once.
 */
export async function deliveryThroughput(policyDir: string, sizes: DeliverySizes): Promise<DeliveryThroughput> {
  const dir = mkdtempSync(join(tmpdir(), 'microapp-bench-delivery-'));
  const slackApi = await startSlackApiStandIn({ postIntervalMs: LIMIT_INTERVAL_MS, latencyMs: sizes.latencyMs });
  const registry = await createKyselyRegistry({ kind: 'sqlite', file: join(dir, 'bot.db') });
  try {
    const policy = await loadPolicy(policyDir);
    const logged = { warn: 0, error: 0 };
    const logger = createLogger({
      level: 'warn',
      write: (line) => {
        const level = (JSON.parse(line) as { level: string }).level;
        if (level === 'warn' || level === 'error') logged[level] += 1;
      },
    });
    const messengers = new Map<string, Messenger>([
      ['slack', createSlackMessenger({ token: 'xoxb-bench', apiUrl: slackApi.url })],
    ]);
    const directory = createPeopleDirectory({ people: registry.people, messengers, clock: systemClock });

    const channels = Array.from({ length: sizes.channels }, (_, i) => `C${String(i + 1).padStart(10, '0')}`);
    const total = sizes.channels * sizes.perChannel;
    const channelOf = (i: number) =>
      sizes.order === 'interleaved' ? channels[i % sizes.channels]! : channels[Math.floor(i / sizes.perChannel)]!;
    // Distinct queue times a millisecond apart (all in the past), so the claim order is the queue order.
    const queuedFrom = Date.now() - total - 1000;
    for (let i = 0; i < total; i++) {
      const message: NewOutboundMessage = {
        recipient: { kind: 'channel', platform: 'slack', channel: channelOf(i) },
        message: {
          view: 'notice',
          notice: {
            type: 'delivery_problem',
            what: `bench message ${i + 1}`,
            where: channelOf(i),
            code: 'bench',
            fix: 'Nothing to do.',
          },
        },
      };
      await registry.outbox.enqueue([message], new Date(queuedFrom + i).toISOString());
    }
    const queued = await registry.outbox.counts();
    if (queued.pending !== total) throw new Error(`queued ${queued.pending} of ${total} rows`);

    const worker = createDeliveryWorker({
      registry,
      directory,
      messengers,
      policy: () => policy,
      clock: systemClock,
      logger,
    });
    const startMs = performance.now();
    worker.start();
    let outbox = queued;
    let totalMs: number;
    try {
      for (;;) {
        await sleep(slackApi.posts().length >= total ? 5 : 50);
        if (slackApi.posts().length < total) {
          if (performance.now() - startMs > DEADLINE_MS)
            throw new Error(
              `only ${slackApi.posts().length} of ${total} posts accepted within ${DEADLINE_MS / 1000} s`,
            );
          continue;
        }
        outbox = await registry.outbox.counts();
        if (outbox.done + outbox.undeliverable >= total) break;
        if (performance.now() - startMs > DEADLINE_MS)
          throw new Error(`rows not done within ${DEADLINE_MS / 1000} s: ${JSON.stringify(outbox)}`);
      }
      totalMs = performance.now() - startMs;
      // Anything still moving (a duplicate, an alert) would show within a pacing interval.
      await sleep(1500);
    } finally {
      await worker.stop(5_000);
    }
    outbox = await registry.outbox.counts();

    const posts = slackApi.posts();
    const rows = await registry.outbox.list({
      states: ['done', 'pending', 'sending', 'undeliverable'],
      limit: total * 2,
    });
    const perKey = new Map<string, number>();
    for (const p of posts) if (p.key) perKey.set(p.key, (perKey.get(p.key) ?? 0) + 1);
    const once = rows.filter((r) => perKey.get(r.id) === 1).length;
    const duplicated = rows.filter((r) => (perKey.get(r.id) ?? 0) > 1).length;
    const missing = rows.filter((r) => !perKey.has(r.id)).length;

    const byChannel = new Map<string, AcceptedPost[]>();
    for (const p of posts) {
      const list = byChannel.get(p.channel) ?? [];
      list.push(p);
      byChannel.set(p.channel, list);
    }
    const gaps: number[] = [];
    const rates: ChannelRate[] = channels.map((channel) => {
      const list = byChannel.get(channel) ?? [];
      for (let i = 1; i < list.length; i++) gaps.push(list[i]!.atMs - list[i - 1]!.atMs);
      const span = list.length > 1 ? list.at(-1)!.atMs - list[0]!.atMs : 0;
      return {
        channel,
        posts: list.length,
        firstMs: list.length ? list[0]!.atMs - startMs : NaN,
        perSecond: span > 0 ? ((list.length - 1) * 1000) / span : 0,
      };
    });
    const limitPerSecond = 1000 / LIMIT_INTERVAL_MS;
    const percents = rates.map((r) => (100 * r.perSecond) / limitPerSecond);
    return {
      sizes,
      limitPerSecond,
      messages: total,
      totalMs,
      channels: rates,
      ratePercent: { mean: mean(percents), min: Math.min(...percents), max: Math.max(...percents) },
      overallPerSecond: (posts.length * 1000) / totalMs,
      gapMs: { min: Math.min(...gaps), mean: mean(gaps), max: Math.max(...gaps) },
      rateLimited: slackApi.rateLimited('chat.postMessage'),
      postCalls: slackApi.calls('chat.postMessage'),
      once,
      duplicated,
      missing,
      outbox,
      logged,
    };
  } finally {
    await registry.close().catch(() => undefined);
    await slackApi.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** True when the run met its targets: each channel at `minPercent` of the limit or more, no 429, every row posted exactly once. */
export function deliveryMet(d: DeliveryThroughput, minPercent: number): boolean {
  return (
    d.ratePercent.min >= minPercent &&
    d.rateLimited === 0 &&
    d.once === d.messages &&
    d.duplicated === 0 &&
    d.missing === 0 &&
    d.outbox.done === d.messages
  );
}

/** A one-line summary of a run. */
export function describeDelivery(d: DeliveryThroughput): string {
  return (
    `${d.sizes.channels} channels × ${d.sizes.perChannel} (${d.sizes.order}${d.sizes.latencyMs ? `, answers after ${d.sizes.latencyMs} ms` : ''}): ${d.messages} posts in ${(d.totalMs / 1000).toFixed(1)} s; ` +
    `per channel ${d.ratePercent.mean.toFixed(1)}% of ${d.limitPerSecond}/s (lowest ${d.ratePercent.min.toFixed(1)}%, highest ${d.ratePercent.max.toFixed(1)}%); ` +
    `gaps ${d.gapMs.min.toFixed(0)}–${d.gapMs.max.toFixed(0)} ms (mean ${d.gapMs.mean.toFixed(0)}); first posts at ${Math.min(...d.channels.map((c) => c.firstMs)).toFixed(0)}–${Math.max(...d.channels.map((c) => c.firstMs)).toFixed(0)} ms; ` +
    `${d.rateLimited} × 429 of ${d.postCalls} calls; posted once ${d.once}, twice or more ${d.duplicated}, never ${d.missing}; outbox ${JSON.stringify(d.outbox)}; worker logged ${d.logged.warn} warnings, ${d.logged.error} errors`
  );
}

function mean(values: number[]): number {
  return values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : NaN;
}

/** `deliveryThroughput` in a fresh Node process (this module, forked), like a newly started bot. */
export function deliveryThroughputInFreshProcess(policyDir: string, sizes: DeliverySizes): Promise<DeliveryThroughput> {
  return inFreshProcess<{ policyDir: string; sizes: DeliverySizes }, DeliveryThroughput>(
    __filename,
    { policyDir, sizes },
    'delivery throughput',
  );
}

if (require.main === module) {
  if (process.send) {
    serveFreshProcess((request: { policyDir: string; sizes: DeliverySizes }) =>
      deliveryThroughput(request.policyDir, request.sizes),
    );
  } else {
    // Alone, from the project root: `node dist/bench/delivery-throughput.js [interleaved|by-channel] [latency ms]`.
    const order = process.argv[2] === 'by-channel' ? 'by-channel' : 'interleaved';
    const latencyMs = Number(process.argv[3] ?? 0) || 0;
    deliveryThroughput(join(process.cwd(), 'policies'), { channels: 10, perChannel: 30, order, latencyMs }).then(
      (d) => process.stdout.write(`delivery: ${describeDelivery(d)}\n`),
      (error: unknown) => {
        process.stderr.write(
          `delivery bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
        process.exitCode = 1;
      },
    );
  }
}
