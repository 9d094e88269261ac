import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../src/config/config';
import { createLogger } from '../src/log/logger';
import { startBot } from '../src/start-bot';
import { BARE_CARD_RESPONSE, startBareTeamsBot } from './bare-teams-bot';
import type { BenchRow } from './bench-row';
import { count, ms, verdict } from './bench-row';
import { inFreshProcess, serveFreshProcess } from './fresh-process';
import type { LatencyStats } from './latency-stats';
import { latencyStats } from './latency-stats';
import type { LoadResult } from './load-generator';
import { startLoadGenerator } from './load-generator';
import { policyWithMembers } from './policy-with-members';
import { seedTeamsReviews } from './seed-teams-reviews';
import { startTeamsConnectorStandIn } from './teams-connector-stand-in';
import type { CardVerb } from './teams-invoke-activities';
import { ADMIN, cardActionBody, connectorMember, owner, reviewer, teamsRef } from './teams-invoke-activities';
import { elapsedMs } from './time-calls';

/** How much load the part sends. */
export interface TeamsInvokeSizes {
  /** Measured Approve invokes, each on its own open review, and measured refresh invokes, per target. */
  approvals: number;
  refreshes: number;
  /** Unmeasured invokes of each kind per target, sent first. */
  warmup: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Requests per block; blocks alternate between the two targets. */
  block: number;
  /** Reviewers clicking, in turn. */
  reviewers: number;
  /** Open reviews the refreshes ask for, in turn (never approved). */
  refreshReviews: number;
}

/** The targets the figures are judged against. */
export interface TeamsInvokeTargets {
  teamsInvokeP99Ratio: number;
  teamsInvokeP99Ms: number;
}

/** Our bot against a bare botbuilder bot, for one kind of invoke. */
export interface InvokeComparison {
  ours: LatencyStats;
  bare: LatencyStats;
  /** ours p99 / bare p99. */
  p99Ratio: number;
  /** Invokes per second while a block of this kind ran, averaged over the measured blocks. */
  oursPerSecond: number;
  barePerSecond: number;
}

/** What the part measured, and what it checked along the way. */
export interface TeamsInvokeLatency {
  sizes: TeamsInvokeSizes;
  approve: InvokeComparison;
  refresh: InvokeComparison;
  /** Reviews registered and delivered before the bot started, and how long that took. */
  setup: { reviews: number; ms: number };
  /** What our bot asked the connector for after (and while) answering. */
  connector: { cardUpdates: number; posts: number; memberLookups: number; chatsOpened: number };
}

type Target = 'ours' | 'bare';

/** How our bot's answer to a card action starts. */
const CARD_RESPONSE_START =
  '{"statusCode":200,"type":"application/vnd.microsoft.card.adaptive","value":{"type":"AdaptiveCard"';
/** The load generator signs every body the way Slack does; Teams endpoints ignore those headers. */
const UNUSED_SIGNING_SECRET = 'teams-does-not-sign-bodies';

const silentLogger = createLogger({ level: 'error', write: () => undefined });

/**
 * Starts our bot (`startBot` in Teams local mode: loopback callers, no JWT; SQLite in a temp dir; a
 * policy copy where `reviewers` Teams users hold the reviewer role; connector calls going to a local
 * stand-in) on a database seeded as if it had been running (see `seedTeamsReviews`), and, in the
 * same process, a bare botbuilder bot that only answers. A load generator in its own process then
 * sends both the same `adaptiveCard/action` invokes from cards in the reviewers' channel: Approve,
 * each on its own open tier 2 review (our bot records the decision before it answers with the
 * updated card), and the refresh Teams sends when a reviewer views an open card (answered with
 * their copy, buttons included), `concurrency` in flight. Targets alternate block by block (ABBA),
 * and after each block of approvals on our bot the work it queued after answering (updating the
 * posted card, telling the owner) is waited for, so neither target runs on the other's leftovers.
 */
export async function teamsInvokeLatency(policyDir: string, sizes: TeamsInvokeSizes): Promise<TeamsInvokeLatency> {
  const dir = mkdtempSync(join(tmpdir(), 'microapp-bench-teams-'));
  const cleanups: (() => Promise<unknown>)[] = [async () => rmSync(dir, { recursive: true, force: true })];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  try {
    const reviewers = Array.from({ length: sizes.reviewers }, (_, n) => reviewer(n));
    const apps = sizes.warmup + sizes.approvals + sizes.refreshReviews;
    const policyCopy = policyWithMembers(policyDir, join(dir, 'policies'), {
      reviewer: reviewers.map(teamsRef),
      admin: [teamsRef(ADMIN)],
    });
    const databaseFile = join(dir, 'bot.db');
    const connector = await startTeamsConnectorStandIn(
      [...reviewers, ADMIN, ...Array.from({ length: apps }, (_, n) => owner(n))].map(connectorMember),
    );
    cleanups.push(connector.close);

    const setupBegin = process.hrtime.bigint();
    const reviews = await seedTeamsReviews(databaseFile, policyCopy, connector.url, apps, silentLogger);
    const setupMs = elapsedMs(setupBegin);

    const config = loadConfig({ PORT: '0', DATABASE_URL: `sqlite:${databaseFile}`, POLICY_DIR: policyCopy });
    const bot = await startBot(config, silentLogger);
    cleanups.push(bot.stop);
    const bare = await startBareTeamsBot();
    cleanups.push(bare.close);

    const urls: Record<Target, string> = { ours: `http://127.0.0.1:${bot.port}/api/messages`, bare: bare.url };
    const approveReviews = reviews.slice(0, sizes.warmup + sizes.approvals);
    const refreshPool = reviews.slice(sizes.warmup + sizes.approvals);
    const approveBodies = approveReviews.map((r, i) =>
      cardActionBody(i, reviewers[i % reviewers.length]!, 'approve', r.reviewId, r.cardId, connector.url),
    );
    // Refreshes go round the pool; each pass shifts the reviewers by one, so the reviewers view every card in turn.
    const refreshBodies = Array.from({ length: sizes.warmup + sizes.refreshes }, (_, i) => {
      const r = refreshPool[i % refreshPool.length]!;
      const who = reviewers[(i + Math.floor(i / refreshPool.length)) % reviewers.length]!;
      return cardActionBody(approveBodies.length + i, who, 'refresh', r.reviewId, r.cardId, connector.url);
    });
    const generator = await startLoadGenerator(UNUSED_SIGNING_SECRET, 'application/json', {
      approve: approveBodies,
      refresh: refreshBodies,
    });
    cleanups.push(generator.close);

    // Approvals sent to our bot so far; each one ends in one card update and one post to the owner.
    let oursApprovals = 0;
    const settle = async () => {
      const until = Date.now() + 15_000;
      while (connector.calls('update activity') < oursApprovals || connector.calls('post activity') < oursApprovals) {
        if (Date.now() > until) {
          throw new Error(
            `after ${oursApprovals} approvals our bot updated ${connector.calls('update activity')} cards and told ${connector.calls('post activity')} owners within 15 s`,
          );
        }
        await sleep(2);
      }
    };
    const runBlock = async (kind: CardVerb, target: Target, from: number, n: number): Promise<LoadResult> => {
      const result = await generator.run({
        url: urls[target],
        set: kind,
        from,
        count: n,
        concurrency: sizes.concurrency,
      });
      checkResponses(kind, target, result);
      if (kind === 'approve' && target === 'ours') {
        oursApprovals += n;
        await settle();
      }
      return result;
    };

    // Warm-up, both orders.
    const half = Math.floor(sizes.warmup / 2);
    for (const kind of ['approve', 'refresh'] as const) {
      await runBlock(kind, 'ours', 0, half);
      await runBlock(kind, 'bare', 0, half);
      await runBlock(kind, 'bare', half, sizes.warmup - half);
      await runBlock(kind, 'ours', half, sizes.warmup - half);
    }

    const samples: Record<CardVerb, Record<Target, number[]>> = {
      approve: { ours: [], bare: [] },
      refresh: { ours: [], bare: [] },
    };
    const rates: Record<CardVerb, Record<Target, number[]>> = {
      approve: { ours: [], bare: [] },
      refresh: { ours: [], bare: [] },
    };
    const measured: Record<CardVerb, number> = { approve: sizes.approvals, refresh: sizes.refreshes };
    const rounds = Math.max(...Object.values(measured).map((n) => Math.ceil(n / sizes.block)));
    for (let round = 0; round < rounds; round++) {
      const order: Target[] = round % 2 === 0 ? ['ours', 'bare'] : ['bare', 'ours'];
      for (const kind of ['approve', 'refresh'] as const) {
        const from = round * sizes.block;
        const n = Math.min(sizes.block, measured[kind] - from);
        if (n <= 0) continue;
        for (const target of order) {
          const result = await runBlock(kind, target, sizes.warmup + from, n);
          samples[kind][target].push(...result.samplesMs);
          rates[kind][target].push(n / (result.wallMs / 1000));
        }
      }
    }
    const cardUpdates = connector.calls('update activity');
    const posts = connector.calls('post activity');
    if (cardUpdates !== oursApprovals || posts !== oursApprovals) {
      throw new Error(`expected ${oursApprovals} card updates and owner posts, got ${cardUpdates} and ${posts}`);
    }

    const compare = (kind: CardVerb): InvokeComparison => {
      const ours = latencyStats(samples[kind].ours);
      const bareStats = latencyStats(samples[kind].bare);
      return {
        ours,
        bare: bareStats,
        p99Ratio: ours.p99 / bareStats.p99,
        oursPerSecond: mean(rates[kind].ours),
        barePerSecond: mean(rates[kind].bare),
      };
    };
    return {
      sizes,
      approve: compare('approve'),
      refresh: compare('refresh'),
      setup: { reviews: apps, ms: setupMs },
      connector: {
        cardUpdates,
        posts,
        memberLookups: connector.calls('get member'),
        chatsOpened: connector.calls('create conversation'),
      },
    };
  } finally {
    await cleanup();
  }
}

/** Every response must be a 200 carrying an Adaptive Card: ours the review's card as the clicker should see it now, the bare bot its fixed one (the generator keeps 200 characters of each). */
function checkResponses(kind: CardVerb, target: Target, result: LoadResult): void {
  const bad = Object.entries(result.statuses).filter(([status]) => status !== '200');
  if (bad.length)
    throw new Error(
      `${target} ${kind}: non-200 responses ${JSON.stringify(result.statuses)}: ${JSON.stringify(result.bodies).slice(0, 500)}`,
    );
  const bareBody = JSON.stringify(BARE_CARD_RESPONSE).slice(0, 200);
  const wrong = Object.keys(result.bodies).filter((b) =>
    target === 'ours' ? !b.startsWith(CARD_RESPONSE_START) : b !== bareBody,
  );
  if (wrong.length)
    throw new Error(`${target} ${kind}: unexpected response bodies ${JSON.stringify(wrong).slice(0, 500)}`);
}

/** One line on the part, for the bench's log. */
export function describeTeamsInvoke(r: TeamsInvokeLatency): string {
  const { approve, refresh, connector, setup } = r;
  return [
    `${count(approve.oursPerSecond)} vs ${count(approve.barePerSecond)} approvals/s, ${count(refresh.oursPerSecond)} vs ${count(refresh.barePerSecond)} refreshes/s (ours vs bare)`,
    `after answering, our bot updated ${count(connector.cardUpdates)} posted cards and told ${count(connector.posts)} owners (${connector.memberLookups} member look-ups, ${connector.chatsOpened} chats opened)`,
    `setup registered and delivered ${count(setup.reviews)} tier 2 apps in ${(setup.ms / 1000).toFixed(1)} s`,
  ].join('; ');
}

/** The part's rows in the bench table. */
export function teamsInvokeRows(r: TeamsInvokeLatency, targets: TeamsInvokeTargets): BenchRow[] {
  const row = (what: string, n: number, c: InvokeComparison): BenchRow => ({
    what: `Teams adaptiveCard/action: ${what}, ${count(n)} at ${r.sizes.concurrency} in flight`,
    dialect: 'sqlite',
    figure: `ours p50 ${ms(c.ours.p50)}, p99 ${ms(c.ours.p99)}; bare botbuilder p50 ${ms(c.bare.p50)}, p99 ${ms(c.bare.p99)}; p99 ratio ${c.p99Ratio.toFixed(2)}`,
    target: `p99 ratio <= ${targets.teamsInvokeP99Ratio}, ours p99 < ${targets.teamsInvokeP99Ms} ms`,
    verdict: verdict(c.p99Ratio <= targets.teamsInvokeP99Ratio && c.ours.p99 < targets.teamsInvokeP99Ms),
  });
  return [
    row('Approve', r.sizes.approvals, r.approve),
    row('refresh (reviewer views a card)', r.sizes.refreshes, r.refresh),
  ];
}

function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** `teamsInvokeLatency` in a fresh Node process (this module, forked): the servers start like a newly started bot. */
export function teamsInvokeLatencyInFreshProcess(
  policyDir: string,
  sizes: TeamsInvokeSizes,
): Promise<TeamsInvokeLatency> {
  return inFreshProcess<{ policyDir: string; sizes: TeamsInvokeSizes }, TeamsInvokeLatency>(
    __filename,
    { policyDir, sizes },
    'Teams invoke',
  );
}

if (require.main === module && process.send)
  serveFreshProcess((request: { policyDir: string; sizes: TeamsInvokeSizes }) =>
    teamsInvokeLatency(request.policyDir, request.sizes),
  );
