import { inFreshProcess, serveFreshProcess } from './fresh-process';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../src/config/config';
import { createLogger } from '../src/log/logger';
import { openRuntime } from '../src/runtime';
import { startBot } from '../src/start-bot';
import type { LatencyStats } from './latency-stats';
import { latencyStats } from './latency-stats';
import type { LoadResult } from './load-generator';
import { startLoadGenerator } from './load-generator';
import { policyWithMembers } from './policy-with-members';
import { startSlackApiStandIn } from './slack-api-stand-in';

/** How much load the part sends. */
export interface SlackAckSizes {
  /** Measured slash commands and button clicks, per target. */
  commands: number;
  clicks: number;
  /** Unmeasured requests of each kind per target, sent first. */
  warmup: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Requests per block; blocks alternate between the two targets. */
  block: number;
}

/** Our bot against a bare bolt app, for one kind of request. */
export interface AckComparison {
  ours: LatencyStats;
  bare: LatencyStats;
  /** ours p99 / bare p99. */
  p99Ratio: number;
  /** Requests per second while a block of this kind ran, averaged over the measured blocks. */
  oursPerSecond: number;
  barePerSecond: number;
}

/** What the part measured, and what it checked along the way. */
export interface SlackAckLatency {
  sizes: SlackAckSizes;
  command: AckComparison;
  click: AckComparison;
  /** What our bot did after acknowledging the clicks: one approval, every later click refused. */
  afterAck: { approvals: number; refusals: number; refusalTexts: Record<string, number> };
}

type Kind = 'command' | 'click';
type Target = 'ours' | 'bare';

const OWNER = 'UBENCHOWNER';
const REVIEWER = 'UBENCHREVIEWER';
const TEAM = 'TBENCH';
const FORM = 'application/x-www-form-urlencoded';

const silentLogger = createLogger({ level: 'error', write: () => undefined });

/**
 * Starts our bot (`startBot`, SQLite in a temp dir, a policy copy where the clicking user is a
 * reviewer, Slack Web API calls going to a local stand-in) and, in the same process, a bare bolt
 * `App` on bolt's own `HTTPReceiver` that only acknowledges. A load generator in its own process then
 * sends both the same signed requests: `/microapp help` (our bot answers in the ack) and Approve
 * clicks on one real tier 2 review (the first approves it, during warm-up; every later one is
 * refused after the ack with a message only the clicker sees), `concurrency` in flight. Targets
 * alternate block by block (ABBA), and after each block of clicks on our bot the work it queued
 * after its acks is waited for, so neither target runs on the other's leftovers.
 */
export async function slackAckLatency(policyDir: string, sizes: SlackAckSizes): Promise<SlackAckLatency> {
  const dir = mkdtempSync(join(tmpdir(), 'microapp-bench-ack-'));
  const cleanups: (() => Promise<unknown>)[] = [async () => rmSync(dir, { recursive: true, force: true })];
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  try {
    const signingSecret = randomBytes(16).toString('hex');
    const policyCopy = policyWithMembers(policyDir, join(dir, 'policies'), { reviewer: [`slack:${REVIEWER}`] });
    const databaseFile = join(dir, 'bot.db');
    const slackApi = await startSlackApiStandIn();
    cleanups.push(slackApi.close);

    // One real tier 2 review, registered through the core before the bot starts.
    const reviewId = await openTier2Review(databaseFile, policyCopy);

    const config = loadConfig({
      PORT: '0',
      DATABASE_URL: `sqlite:${databaseFile}`,
      POLICY_DIR: policyCopy,
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: slackApi.url,
    });
    const bot = await startBot(config, silentLogger, { slackRetries: 0 });
    cleanups.push(bot.stop);

    const receiver = new HTTPReceiver({ signingSecret, logLevel: LogLevel.ERROR });
    const bare = new App({
      receiver,
      token: 'xoxb-bench',
      clientOptions: { slackApiUrl: slackApi.url, retryConfig: { retries: 0 } },
      logLevel: LogLevel.ERROR,
      deferInitialization: true,
    });
    bare.command('/microapp', async ({ ack }) => {
      await ack();
    });
    bare.action(/.*/, async ({ ack }) => {
      await ack();
    });
    await bare.init();
    const bareServer = (await bare.start(0)) as Server;
    cleanups.push(() => bare.stop());

    const urls: Record<Target, string> = {
      ours: `http://127.0.0.1:${bot.port}/slack/events`,
      bare: `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/slack/events`,
    };
    const perKind = { command: sizes.warmup + sizes.commands, click: sizes.warmup + sizes.clicks };
    const generator = await startLoadGenerator(signingSecret, FORM, {
      command: Array.from({ length: perKind.command }, (_, i) => slashCommandBody(i, slackApi.url)),
      click: Array.from({ length: perKind.click }, (_, i) => approveClickBody(i, reviewId)),
    });
    cleanups.push(generator.close);

    // Clicks sent to our bot so far; each one but the approving one ends in one chat.postEphemeral.
    let oursClicks = 0;
    const settle = async () => {
      const until = Date.now() + 15_000;
      while (slackApi.calls('chat.postEphemeral') < oursClicks - 1) {
        if (Date.now() > until)
          throw new Error(
            `our bot answered ${slackApi.calls('chat.postEphemeral')} of ${oursClicks - 1} refused clicks within 15 s`,
          );
        await sleep(2);
      }
    };
    const runBlock = async (kind: Kind, target: Target, from: number, count: number): Promise<LoadResult> => {
      const result = await generator.run({ url: urls[target], set: kind, from, count, concurrency: sizes.concurrency });
      checkResponses(kind, target, result);
      if (kind === 'click' && target === 'ours') {
        oursClicks += count;
        await settle();
      }
      return result;
    };

    // Warm-up, both orders: the first click on our bot approves the review.
    const half = Math.floor(sizes.warmup / 2);
    for (const kind of ['command', 'click'] as const) {
      await runBlock(kind, 'ours', 0, half);
      await runBlock(kind, 'bare', 0, half);
      await runBlock(kind, 'bare', half, sizes.warmup - half);
      await runBlock(kind, 'ours', half, sizes.warmup - half);
    }
    if (slackApi.calls('conversations.open') !== 1)
      throw new Error(
        `expected the first click to approve and tell the owner once; conversations.open was called ${slackApi.calls('conversations.open')} times`,
      );

    const samples: Record<Kind, Record<Target, number[]>> = {
      command: { ours: [], bare: [] },
      click: { ours: [], bare: [] },
    };
    const rates: Record<Kind, Record<Target, number[]>> = {
      command: { ours: [], bare: [] },
      click: { ours: [], bare: [] },
    };
    const measured: Record<Kind, number> = { command: sizes.commands, click: sizes.clicks };
    const rounds = Math.max(...Object.values(measured).map((n) => Math.ceil(n / sizes.block)));
    for (let round = 0; round < rounds; round++) {
      const order: Target[] = round % 2 === 0 ? ['ours', 'bare'] : ['bare', 'ours'];
      for (const kind of ['command', 'click'] as const) {
        const from = round * sizes.block;
        const count = Math.min(sizes.block, measured[kind] - from);
        if (count <= 0) continue;
        for (const target of order) {
          const result = await runBlock(kind, target, sizes.warmup + from, count);
          samples[kind][target].push(...result.samplesMs);
          rates[kind][target].push(count / (result.wallMs / 1000));
        }
      }
    }

    const compare = (kind: Kind): AckComparison => {
      const ours = latencyStats(samples[kind].ours);
      const bare = latencyStats(samples[kind].bare);
      return {
        ours,
        bare,
        p99Ratio: ours.p99 / bare.p99,
        oursPerSecond: mean(rates[kind].ours),
        barePerSecond: mean(rates[kind].bare),
      };
    };
    return {
      sizes,
      command: compare('command'),
      click: compare('click'),
      afterAck: {
        approvals: slackApi.calls('conversations.open'),
        refusals: slackApi.calls('chat.postEphemeral'),
        refusalTexts: Object.fromEntries(slackApi.texts('chat.postEphemeral')),
      },
    };
  } finally {
    await cleanup();
  }
}

/** Every response must be a 200; our bot answers `/microapp help` in the ack, everything else acks empty. */
function checkResponses(kind: Kind, target: Target, result: LoadResult): void {
  const bad = Object.entries(result.statuses).filter(([status]) => status !== '200');
  if (bad.length)
    throw new Error(
      `${target} ${kind}: non-200 responses ${JSON.stringify(result.statuses)}: ${JSON.stringify(result.bodies).slice(0, 500)}`,
    );
  const bodies = Object.keys(result.bodies);
  const wantHelp = kind === 'command' && target === 'ours';
  const ok = bodies.length === 1 && (wantHelp ? /Here is what I can do/.test(bodies[0]!) : bodies[0] === '');
  if (!ok)
    throw new Error(`${target} ${kind}: unexpected response bodies ${JSON.stringify(result.bodies).slice(0, 500)}`);
}

/** Registers a team app (tier 2, one reviewer approval) through the core; returns its open review's id. */
async function openTier2Review(databaseFile: string, policyDir: string): Promise<string> {
  const runtime = await openRuntime({ database: { kind: 'sqlite', file: databaseFile }, policyDir }, silentLogger);
  try {
    const result = await runtime.core.submitRegistration(
      {
        name: 'Bench inbox router',
        purpose: 'Routes the support inbox to the right person.',
        owner: `slack:${OWNER}`,
        businessUnit: 'Operations',
        audience: 'team',
        expectedUsers: 12,
        dataClassification: 'internal',
        backupOwner: 'slack:UBENCHBACKUP',
        decommissionPlan: 'Turn the rule off and delete the sheet.',
        controls: ['logging', 'rollback'],
      },
      { platform: 'slack', tenant: TEAM, userId: OWNER },
    );
    if (result.assessment.tier !== 2 || !result.review)
      throw new Error(`bench registration landed in tier ${result.assessment.tier} without a review`);
    return result.review.id;
  } finally {
    await runtime.close();
  }
}

/** `/microapp help` as Slack posts it (form fields); `i` keeps trigger ids distinct. */
function slashCommandBody(i: number, apiUrl: string): string {
  return new URLSearchParams({
    token: 'legacy',
    team_id: TEAM,
    team_domain: 'bench',
    channel_id: 'CBENCH',
    channel_name: 'general',
    user_id: REVIEWER,
    user_name: 'bench.reviewer',
    command: '/microapp',
    text: 'help',
    api_app_id: 'ABENCH',
    is_enterprise_install: 'false',
    response_url: apiUrl.replace(/api\/$/, `respond/${i}`),
    trigger_id: `${i}.1.bench${i.toString(16).padStart(8, '0')}`,
  }).toString();
}

/** An Approve click on the review's card (form field `payload` holding block_actions JSON). */
function approveClickBody(i: number, reviewId: string): string {
  const payload = {
    type: 'block_actions',
    team: { id: TEAM, domain: 'bench' },
    user: { id: REVIEWER, username: 'bench.reviewer', team_id: TEAM },
    api_app_id: 'ABENCH',
    token: 'legacy',
    trigger_id: `${i}.2.bench${i.toString(16).padStart(8, '0')}`,
    container: {
      type: 'message',
      message_ts: '1700000000.000100',
      channel_id: 'C-microapp-reviews',
      is_ephemeral: false,
    },
    channel: { id: 'C-microapp-reviews', name: 'microapp-reviews' },
    message: { type: 'message', ts: '1700000000.000100', text: 'Review: Bench inbox router' },
    response_url: `https://hooks.slack.invalid/actions/${i}`,
    actions: [
      {
        type: 'button',
        action_id: 'microapp.review.approve',
        block_id: 'review',
        value: reviewId,
        text: { type: 'plain_text', text: 'Approve' },
        style: 'primary',
        action_ts: `1700000000.${String(i).padStart(6, '0')}`,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** `slackAckLatency` in a fresh Node process (this module, forked): the servers start like a newly started bot. */
export function slackAckLatencyInFreshProcess(policyDir: string, sizes: SlackAckSizes): Promise<SlackAckLatency> {
  return inFreshProcess<{ policyDir: string; sizes: SlackAckSizes }, SlackAckLatency>(
    __filename,
    { policyDir, sizes },
    'Slack acknowledgement',
  );
}

if (require.main === module && process.send)
  serveFreshProcess((request: { policyDir: string; sizes: SlackAckSizes }) =>
    slackAckLatency(request.policyDir, request.sizes),
  );
