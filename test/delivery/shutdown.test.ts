import { createHmac, randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { SqliteDatabase as Database } from '../../src/store/sqlite-database';
import { loadPolicy } from '../../src/policy/load-policy';
import { systemClock } from '../../src/ports/clock';
import { createKyselyRegistry } from '../../src/store/kysely-registry';
import { ACTIONS } from '../../src/views/action-ids';
import type { BotProcess } from '../support/bot-process';
import { killBotProcesses, startBotProcess } from '../support/bot-process';
import type { FakeSlack } from '../support/fake-slack';
import { CHANNELS, startFakeSlack } from '../support/fake-slack';
import { tier2 } from '../support/manifests';
import { buttonClick } from '../support/slack-harness';
import { createTestDatabase } from '../support/test-databases';
import type { TestDatabase } from '../support/test-databases';
import { testCore } from '../support/test-core';
import { policyCopy } from '../support/test-policy';

const REVIEWS = 16;

let slack: FakeSlack;
let db: TestDatabase;
let file: string;
let bot: BotProcess;
let reviewIds: string[];
let closeSlow: (() => void) | undefined;
const secret = randomBytes(16).toString('hex');

beforeAll(async () => {
  slack = await startFakeSlack();
  db = await createTestDatabase('sqlite');
  file = db.target.kind === 'sqlite' ? db.target.file : '';
  const policyDir = policyCopy();
  const registry = await createKyselyRegistry(db.target);
  const core = testCore(registry, await loadPolicy(policyDir), systemClock);
  reviewIds = [];
  for (let i = 0; i < REVIEWS; i++) {
    const { review } = await core.submitRegistration(tier2({ name: `Shutdown app ${i}` }), {
      platform: 'slack',
      tenant: 'T1',
      userId: 'UOWNER',
    });
    reviewIds.push(review!.id);
  }
  await registry.close();
  bot = await startBotProcess({
    PORT: '0',
    DATABASE_URL: `sqlite:${file}`,
    POLICY_DIR: policyDir,
    SLACK_BOT_TOKEN: 'xoxb-1-test-token',
    SLACK_SIGNING_SECRET: secret,
    SLACK_API_URL: slack.url,
    LOG_LEVEL: 'info',
  });
});

afterAll(async () => {
  closeSlow?.();
  await killBotProcesses();
  await slack?.close();
  await db?.drop();
});

test('approvals acknowledged just before SIGTERM are all committed, their messages kept, and the bot stops promptly', async () => {
  const end = Date.now() + 40_000;
  while (query<{ n: number }>('select count(*) as n from card_copy')[0]!.n < REVIEWS && Date.now() < end)
    await new Promise((r) => setTimeout(r, 100));
  expect(slack.messagesIn('#microapp-reviews')).toHaveLength(REVIEWS);
  expect(query("select id from review where status != 'open'")).toEqual([]);

  const slow = await slowRequest(JSON.stringify({ type: 'url_verification', challenge: 'still-here' }));
  const acks = await Promise.all(
    reviewIds.map((id) => click(buttonClick('UREVIEWER', ACTIONS.approve, id, CHANNELS['microapp-reviews']))),
  );
  bot.kill('SIGTERM');
  expect(acks).toEqual(reviewIds.map(() => 200));
  await new Promise((r) => setTimeout(r, 200));
  expect(await slow.finish()).toEqual({ status: 200, body: JSON.stringify({ challenge: 'still-here' }) });
  expect(await within(bot.exited, 10_000)).toEqual({ code: 0, signal: null });
  expect(bot.logs.filter((l) => /"level":"error"/.test(l))).toEqual([]);
  expect(bot.logs.some((l) => /"msg":"stopped"/.test(l))).toBe(true);

  const reviews = query<{ id: string; status: string; decided_by: string }>(
    'select id, status, decided_by from review',
  );
  expect(reviews.map((r) => [r.id, r.status, r.decided_by]).sort()).toEqual(
    reviewIds.map((id) => [id, 'approved', 'slack:UREVIEWER']).sort(),
  );
  const audited = query<{ target_id: string }>("select target_id from audit_event where action = 'review.approved'");
  expect(audited.map((a) => a.target_id).sort()).toEqual([...reviewIds].sort());

  expect(query("select id, lane from outbox where state = 'sending'")).toEqual([]);
  const ownerMessages = query<{ id: string; state: string; message: string; recipient: string }>(
    'select id, state, message, recipient from outbox',
  )
    .map((r) => ({
      id: r.id,
      state: r.state,
      message: JSON.parse(r.message) as { view: string; reviewId?: string },
      recipient: JSON.parse(r.recipient) as { ref?: string },
    }))
    .filter((r) => r.message.view === 'owner_status');
  expect(ownerMessages.map((m) => [m.message.reviewId, m.recipient.ref]).sort()).toEqual(
    reviewIds.map((id) => [id, 'slack:UOWNER']).sort(),
  );
  const posts = postsPerOutboxId();
  const unaccounted = ownerMessages.filter(
    (m) => !((m.state === 'done' && posts.get(m.id) === 1) || (m.state === 'pending' && !posts.has(m.id))),
  );
  expect(unaccounted).toEqual([]);
}, 60_000);

/** Sends an interaction signed like Slack's and resolves with the HTTP status. */
async function click(payload: Record<string, unknown>): Promise<number> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const res = await fetch(`http://127.0.0.1:${bot.port}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signature,
    },
    body,
  });
  await res.text();
  return res.status;
}

/**
 * A signed request whose body is held back halfway: it is still being received when the bot is
 * told to stop. `finish` sends the rest over the same keep-alive connection and reads the answer.
 */
async function slowRequest(body: string): Promise<{ finish(): Promise<{ status: number; body: string }> }> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const agent = new Agent({ keepAlive: true });
  const req = request({
    host: '127.0.0.1',
    port: bot.port,
    path: '/slack/events',
    method: 'POST',
    agent,
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signature,
    },
  });
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
  });
  closeSlow = () => agent.destroy();
  const half = Math.floor(body.length / 2);
  req.write(body.slice(0, half));
  await new Promise((r) => setTimeout(r, 100));
  return {
    finish: () => {
      req.end(body.slice(half));
      return answer;
    },
  };
}

/** How many times the fake Slack was asked to post each outbox row (by the id in the message metadata). */
function postsPerOutboxId(): Map<string, number> {
  const posts = new Map<string, number>();
  for (const call of slack.callsTo('chat.postMessage')) {
    const id = String(call.args.metadata?.event_payload?.id);
    posts.set(id, (posts.get(id) ?? 0) + 1);
  }
  return posts;
}

/** `work`, or a rejection once `ms` have passed. */
function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`not done within ${ms} ms`)), ms)),
  );
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function query<T>(sql: string): T[] {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return sqlite.prepare(sql).all() as T[];
  } finally {
    sqlite.close();
  }
}
