import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { loadPolicy } from '../../src/policy/load-policy';
import { systemClock } from '../../src/ports/clock';
import { createKyselyRegistry } from '../../src/store/kysely-registry';
import { killBotProcesses, startBotProcess } from '../support/bot-process';
import type { FakeSlack } from '../support/fake-slack';
import { startFakeSlack } from '../support/fake-slack';
import { tier2 } from '../support/manifests';
import { createTestDatabase } from '../support/test-databases';
import type { TestDatabase } from '../support/test-databases';
import { testCore } from '../support/test-core';
import { policyCopy } from '../support/test-policy';

const APPS = 20;
const KILLS = 20;

let slack: FakeSlack;
let proxy: Server;
let db: TestDatabase;
let env: Record<string, string>;

beforeAll(async () => {
  slack = await startFakeSlack();
  proxy = await startHistoryProxy(slack.url);
  db = await createTestDatabase('sqlite');
  const file = db.target.kind === 'sqlite' ? db.target.file : '';
  const policyDir = policyCopy();
  const registry = await createKyselyRegistry(db.target);
  const core = testCore(registry, await loadPolicy(policyDir), systemClock);
  for (let i = 0; i < APPS; i++) {
    await core.submitRegistration(tier2({ name: `Crash app ${i}` }), { platform: 'slack', tenant: 'T1', userId: 'UPLATFORM' });
  }
  await registry.close();
  env = {
    PORT: '0',
    DATABASE_URL: `sqlite:${file}`,
    POLICY_DIR: policyDir,
    SLACK_BOT_TOKEN: 'xoxb-1-test-token',
    SLACK_SIGNING_SECRET: randomBytes(16).toString('hex'),
    SLACK_API_URL: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/api/`,
    LOG_LEVEL: 'info',
    DELIVERY_LEASE_MS: '1000',
  };
});

afterAll(async () => {
  await killBotProcesses();
  await new Promise((resolve) => proxy?.close(resolve));
  await slack?.close();
  await db?.drop();
});

test('messages queued before a run of crashes are all delivered, none twice', async () => {
  const file = db.target.kind === 'sqlite' ? db.target.file : '';
  const queued = outboxRows(file);
  expect(queued).toHaveLength(APPS * 3);

  for (let kill = 0; kill < KILLS; kill++) {
    const bot = await startBotProcess(env);
    await new Promise((r) => setTimeout(r, Math.random() * 400));
    bot.kill('SIGKILL');
    expect(await bot.exited).toEqual({ code: null, signal: 'SIGKILL' });
  }

  const bot = await startBotProcess(env);
  const end = Date.now() + 40_000;
  while (outboxRows(file).some((r) => r.state !== 'done' && r.state !== 'undeliverable') && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
  bot.kill('SIGTERM');
  expect(await bot.exited).toEqual({ code: 0, signal: null });

  const rows = outboxRows(file);
  expect(rows.filter((r) => r.state !== 'done')).toEqual([]);
  expect(rows.map((r) => r.id).sort()).toEqual(queued.map((r) => r.id).sort());

  const posts = new Map<string, number>();
  for (const call of slack.callsTo('chat.postMessage')) {
    const id = String(call.args.metadata?.event_payload?.id);
    posts.set(id, (posts.get(id) ?? 0) + 1);
  }
  expect([...posts].filter(([, n]) => n > 1)).toEqual([]);
  expect([...posts.keys()].sort()).toEqual(queued.map((r) => r.id).sort());
  expect(slack.messagesIn('#microapp-reviews')).toHaveLength(APPS);
  expect(cardCopies(file)).toEqual({ copies: APPS, reviews: APPS });
}, 90_000);

function outboxRows(file: string): { id: string; state: string }[] {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return sqlite.prepare('select id, state from outbox').all() as { id: string; state: string }[];
  } finally {
    sqlite.close();
  }
}

function cardCopies(file: string): { copies: number; reviews: number } {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return sqlite.prepare('select count(*) as copies, count(distinct review_id) as reviews from card_copy').get() as { copies: number; reviews: number };
  } finally {
    sqlite.close();
  }
}

/**
 * Forwards Web API calls to the fake, dropping `oldest` from conversations.history: the fake stamps
 * posts with 2023 timestamps, so the bot's "since a minute before the send" look-up would miss
 * every one of them, and a send interrupted after it reached Slack would be posted again.
 */
async function startHistoryProxy(target: string): Promise<Server> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body = Buffer.concat(chunks).toString('utf8');
    if (req.url?.includes('conversations.history') && !String(req.headers['content-type']).includes('json')) {
      const form = new URLSearchParams(body);
      form.delete('oldest');
      body = form.toString();
    }
    const answer = await fetch(new URL(req.url!.replace(/^\/api\//, ''), target), {
      method: req.method,
      headers: { 'content-type': String(req.headers['content-type'] ?? 'application/x-www-form-urlencoded'), authorization: String(req.headers.authorization ?? '') },
      body: req.method === 'GET' ? undefined : body,
    });
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json', ...(answer.headers.has('retry-after') && { 'retry-after': answer.headers.get('retry-after')! }) }).end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
