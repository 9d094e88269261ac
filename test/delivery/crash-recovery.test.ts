import { randomBytes } from 'node:crypto';
import { SqliteDatabase as Database } from '../../src/store/sqlite-database';
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
import { policyCopy, withoutTeams } from '../support/test-policy';

const APPS = 20;
const KILLS = 20;

let slack: FakeSlack;
let db: TestDatabase;
let env: Record<string, string>;

beforeAll(async () => {
  slack = await startFakeSlack();
  db = await createTestDatabase('sqlite');
  const file = db.target.kind === 'sqlite' ? db.target.file : '';
  const policyDir = policyCopy(withoutTeams);
  const registry = await createKyselyRegistry(db.target);
  const core = testCore(registry, await loadPolicy(policyDir), systemClock);
  for (let i = 0; i < APPS; i++) {
    await core.submitRegistration(tier2({ name: `Crash app ${i}` }), {
      platform: 'slack',
      tenant: 'T1',
      userId: 'UPLATFORM',
    });
  }
  await registry.close();
  env = {
    PORT: '0',
    DATABASE_URL: `sqlite:${file}`,
    POLICY_DIR: policyDir,
    SLACK_BOT_TOKEN: 'xoxb-1-test-token',
    SLACK_SIGNING_SECRET: randomBytes(16).toString('hex'),
    SLACK_API_URL: slack.url,
    LOG_LEVEL: 'info',
    DELIVERY_LEASE_MS: '1000',
  };
});

afterAll(async () => {
  await killBotProcesses();
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
  while (outboxRows(file).some((r) => r.state !== 'done' && r.state !== 'undeliverable') && Date.now() < end)
    await new Promise((r) => setTimeout(r, 200));
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
    return sqlite.prepare('select count(*) as copies, count(distinct review_id) as reviews from card_copy').get() as {
      copies: number;
      reviews: number;
    };
  } finally {
    sqlite.close();
  }
}
