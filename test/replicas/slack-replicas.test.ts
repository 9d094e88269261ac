import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Client } from 'pg';
import type { HealthStandIn, ThrowawayCertificate } from '../../bench/health-stand-in';
import { startHealthStandIn, throwawayCertificate } from '../../bench/health-stand-in';
import { loadPolicy } from '../../src/policy/load-policy';
import { systemClock } from '../../src/ports/clock';
import type { Registry } from '../../src/ports/registry';
import { createKyselyRegistry } from '../../src/store/kysely-registry';
import { alwaysWorking } from '../support/always-working';
import { auditKeyFile } from '../support/audit-key-file';
import type { BotProcess } from '../support/bot-process';
import { killBotProcesses, parseLine, replicaEnv, startBotProcess } from '../support/bot-process';
import type { FakeSlack, SlackCall } from '../support/fake-slack';
import { CHANNELS, startFakeSlack } from '../support/fake-slack';
import { commandBody, interactionBody, signedSlackPost } from '../support/signed-slack-post';
import type { Fill } from '../support/slack-harness';
import { buttonClick, fillForm, formSession, newTrigger } from '../support/slack-harness';
import { ACTIONS } from '../../src/views/action-ids';
import { tier1, tier2 } from '../support/manifests';
import { seedExpiringApps } from '../support/seed-expiring';
import { sweepLockHolder } from '../support/sweep-lock-holder';
import { testCore } from '../support/test-core';
import type { TestDatabase } from '../support/test-databases';
import { DIALECTS, createTestDatabase } from '../support/test-databases';
import { policyCopy, withoutTeams } from '../support/test-policy';
import { waitFor } from '../support/wait-for';
import { waitForSweepAfter } from '../support/wait-for-sweep';

const postgres = DIALECTS.includes('postgres') ? describe : describe.skip;

const DUE = 2000;
const OWNERS = Array.from({ length: 100 }, (_, i) => `UDUE${String(i).padStart(3, '0')}`);
const MORE = 600;
const MORE_OWNERS = Array.from({ length: 60 }, (_, i) => `UMORE${String(i).padStart(3, '0')}`);
const CARDS = 6;
const HEALTH_APPS = 8;
/** Every two seconds, so sweeps come often enough to kill one and see the next. */
const SCHEDULE = '*/2 * * * * *';
const LEASE_MS = 3000;
const ADMIN_TOKEN = 'xoxp-1111-2222-admin';

const FORM = 'application/x-www-form-urlencoded';
/** A team app needing one reviewer, as the form asks for it. */
const TEAM_APP: Record<string, Fill> = {
  purpose: 'Routes the support inbox to the right person.',
  backupOwner: 'UPLATFORM',
  businessUnit: 'Support',
  audience: 'team',
  expectedUsers: 12,
  data: ['internal'],
  decommissionPlan: 'Turn the rule off and delete the sheet.',
  controls: ['logging', 'rollback'],
};

const approvedApp = (id: string, name: string) => ({
  app: { id, name, description: 'seen by discovery', is_internal: false },
  scopes: [{ name: 'chat:write', description: 'Post messages', is_sensitive: false, token_type: 'bot' }],
  date_updated: 1574296707,
  last_resolved_by: { actor_id: 'W0G82LMFD', actor_type: 'user' },
});

postgres('two bot processes on one PostgreSQL database, with Slack', () => {
  let slack: FakeSlack;
  let db: TestDatabase;
  let registry: Registry;
  let cert: ThrowawayCertificate;
  let health: HealthStandIn;
  let pg: Client;
  const healthHits = new Map<string, number>();
  let env: (name: string) => Record<string, string>;
  let secret: string;

  beforeAll(async () => {
    slack = await startFakeSlack();
    slack.setDiscovery({
      enterpriseId: 'E0AS553RN',
      approvedApps: [approvedApp('A0W7UKG8E', 'Expense Helper'), approvedApp('A0BOTBOT1', 'Standup Bot')],
    });
    cert = throwawayCertificate();
    health = await startHealthStandIn(cert, (req: IncomingMessage, res: ServerResponse) => {
      healthHits.set(req.url ?? '', (healthHits.get(req.url ?? '') ?? 0) + 1);
      // Slow enough that a round lasts while the other replica ticks.
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}'), 300);
    });
    db = await createTestDatabase('postgres');
    const url = db.target.kind === 'postgres' ? db.target.url : '';
    pg = new Client({ connectionString: url });
    await pg.connect();
    const policyDir = policyCopy((dir) => {
      withoutTeams(dir);
      alwaysWorking(dir);
    });
    registry = await createKyselyRegistry(db.target);
    const core = testCore(registry, await loadPolicy(policyDir), systemClock);
    const by = { platform: 'slack', tenant: 'T1', userId: 'UPLATFORM' } as const;
    for (let i = 0; i < CARDS; i++) await core.submitRegistration(tier2({ name: `Reviewed app ${i}` }), by);
    for (let i = 0; i < HEALTH_APPS; i++)
      await core.submitRegistration(tier1({ name: `Watched app ${i}`, healthEndpoint: health.url(`/h/${i}`) }), by);
    secret = randomBytes(16).toString('hex');
    const auditKey = auditKeyFile();
    env = (name) =>
      replicaEnv(url, name, {
        POLICY_DIR: policyDir,
        SLACK_BOT_TOKEN: 'xoxb-1-test-token',
        SLACK_SIGNING_SECRET: secret,
        SLACK_API_URL: slack.url,
        SLACK_ADMIN_TOKEN: ADMIN_TOKEN,
        REMINDER_SCHEDULE: SCHEDULE,
        DELIVERY_LEASE_MS: String(LEASE_MS),
        HEALTH_CHECK_ALLOWED_HOSTS: '127.0.0.1',
        NODE_EXTRA_CA_CERTS: cert.certFile,
        AUDIT_SIGNING_KEY_FILE: auditKey,
      });
  }, 60_000);

  afterAll(async () => {
    await killBotProcesses();
    await pg?.end();
    await registry?.close();
    await db?.drop();
    await slack?.close();
    await health?.close();
    cert?.remove();
  });

  test('forms, clicks, cards, a scan, a health round and 2,600 due reminders happen once across replicas; one SIGKILLed mid-sweep or mid-send leaves its work to another', async () => {
    const [a, b] = await Promise.all([startBotProcess(env('replica-a')), startBotProcess(env('replica-b'))]);
    const replicas: Record<string, BotProcess> = { 'replica-a': a!, 'replica-b': b! };

    // Work that was waiting at start-up: approval cards in the outbox and a health round (the discovery
    // scan, paced by Slack's rate tiers, is awaited further down).
    await waitFor(() => slack.messagesIn('#microapp-reviews').length >= CARDS, 30_000);
    await waitFor(() => healthHits.size >= HEALTH_APPS, 30_000);

    // Behind a load balancer each request may land on either replica: a form's steps alternate, and
    // two reviewers click Approve at the same moment on different replicas.
    let turn = 0;
    const send = signedSlackPost(() => `http://127.0.0.1:${[a!, b!][turn++ % 2]!.port}/slack/events`, secret);
    const interact = (payload: Record<string, unknown>) => send(interactionBody(payload), FORM);
    const trigger = newTrigger();
    await send(commandBody('UOWNER', 'register', trigger, slack.url.replace(/api\/$/, 'respond/1')), FORM);
    await waitFor(() => slack.callsTo('views.open').some((call) => call.args.trigger_id === trigger), 10_000);
    const opened = slack.callsTo('views.open').find((call) => call.args.trigger_id === trigger)!.args.view;
    const { answer } = await fillForm(formSession(interact, 'UOWNER', opened), { ...TEAM_APP, name: 'Balanced app' });
    expect(answer).toEqual({ kind: 'closed' });
    await waitFor(() => cardsFor(slack, 'Balanced app').length === 1, 20_000);
    const card = cardsFor(slack, 'Balanced app')[0]!;
    const approve = (card.args.blocks as { type: string; elements?: { action_id: string; value: string }[] }[])
      .flatMap((block) => (block.type === 'actions' ? (block.elements ?? []) : []))
      .find((button) => button.action_id === ACTIONS.approve)!;
    const clicks = await Promise.all(
      ['UREVIEWER', 'UREVIEWER2'].map((user) =>
        interact(buttonClick(user, approve.action_id, approve.value, String(card.args.channel))),
      ),
    );
    expect(clicks.map((click) => click.status)).toEqual([200, 200]);
    const decided = await pg.query<{ action: string; n: string }>(
      "select action, count(*) as n from audit_event where action in ('review.approved', 'review.approval_recorded', 'review.denied') group by action",
    );
    expect(decided.rows.map((r) => [r.action, Number(r.n)])).toEqual([['review.approved', 1]]);
    const status = await pg.query("select status from app where name = 'Balanced app'");
    expect(status.rows).toEqual([{ status: 'approved' }]);

    await waitFor(() => logged([a!, b!], /^discovery: slack scanned$/).length >= 1, 30_000);

    // 2,000 re-certifications come due at once; kill whichever replica is sweeping them.
    const expiresAt = new Date(Date.now() + 20 * 86_400_000).toISOString();
    await seedExpiringApps(
      registry,
      DUE,
      OWNERS.map((u) => `slack:${u}`),
      expiresAt,
      'Due app',
    );
    let victim: string | undefined;
    const end = Date.now() + 20_000;
    while (!victim && Date.now() < end) {
      const holder = await sweepLockHolder(pg);
      const sweeping =
        holder && holder.applicationName in replicas && holder.heldMs >= 50 && !/health_round/.test(holder.query);
      if (sweeping) victim = holder.applicationName;
      else await new Promise((r) => setTimeout(r, 5));
    }
    expect(victim).toBeDefined();
    const killedAt = Date.now();
    replicas[victim!]!.kill('SIGKILL');
    expect(await replicas[victim!]!.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const survivor = victim === 'replica-a' ? b! : a!;

    const digestsTo = (user: string) =>
      slack
        .callsTo('chat.postMessage')
        .filter((c) => c.args.channel === `D-${user}` && /need your attention/.test(String(c.args.text)));
    await waitFor(() => OWNERS.every((u) => digestsTo(u).length >= 1), 30_000);
    // PostgreSQL ends the dead connection's transaction at once, which frees the lock: the survivor's
    // next tick sweeps everything (measured: about 1 s after the kill, every digest out within 3 s).
    const sweep = logged([survivor], /^reminder sweep$/).find((s) => s.items === DUE);
    expect(sweep).toBeDefined();
    expect(Date.parse(String(sweep!.time)) - killedAt).toBeLessThan(15_000);
    expect(logged([replicas[victim!]!], /^reminder sweep$/).filter((s) => Number(s.items) > 0)).toEqual([]);

    // A replacement joins; both sweep again (nothing new goes out).
    const c = await startBotProcess(env('replica-c'));
    const since = new Date().toISOString();
    for (const r of [survivor, c]) await waitForSweepAfter(r, since);
    for (const u of OWNERS) expect([u, digestsTo(u).length]).toEqual([u, 1]);

    // More come due while Slack answers slowly; kill a replica with a post in flight.
    slack.slowPostAnswers(600);
    await seedExpiringApps(
      registry,
      MORE,
      MORE_OWNERS.map((u) => `slack:${u}`),
      expiresAt,
      'Later app',
    );
    const pids = new Map([survivor, c].map((r) => [r.pid, r]));
    let inFlight: BotProcess | undefined;
    const until = Date.now() + 20_000;
    while (!inFlight && Date.now() < until) {
      const { rows } = await pg.query<{ lease_owner: string }>(
        "select lease_owner from outbox where state = 'sending' and send_started_at is not null",
      );
      inFlight = rows.map((r) => pids.get(Number(/:(\d+):[0-9a-f]{8}$/.exec(r.lease_owner)?.[1]))).find(Boolean);
      if (!inFlight) await new Promise((r) => setTimeout(r, 5));
    }
    expect(inFlight).toBeDefined();
    const cutAt = Date.now();
    const lookupsBefore = slack.callsTo('conversations.history').length;
    inFlight!.kill('SIGKILL');
    expect(await inFlight!.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const last = inFlight === c ? survivor : c;
    await waitFor(() => MORE_OWNERS.every((u) => digestsTo(u).length >= 1), 30_000);
    const open = async () =>
      Number((await pg.query("select count(*) as n from outbox where state <> 'done'")).rows[0].n);
    const until2 = Date.now() + 30_000;
    while ((await open()) > 0 && Date.now() < until2) await new Promise((r) => setTimeout(r, 50));
    expect(await open()).toBe(0);
    // Its rows wait out their lease, then the last replica finds the posts already made and does not repeat them.
    expect(Date.now() - cutAt).toBeLessThan(LEASE_MS + 15_000);
    expect(slack.callsTo('conversations.history').length).toBeGreaterThan(lookupsBefore);
    for (const u of [...OWNERS, ...MORE_OWNERS]) expect([u, digestsTo(u).length]).toEqual([u, 1]);
    const reminders = await pg.query<{ state: string; sends: number; n: string }>(
      'select state, sends, count(*) as n from reminder group by state, sends',
    );
    expect(reminders.rows.map((r) => ({ ...r, n: Number(r.n) }))).toEqual([{ state: 'sent', sends: 1, n: DUE + MORE }]);

    // Every outbox row (cards, digests, discovery questions) was posted once, and all are done.
    const outbox = await pg.query<{ id: string; state: string; message: string }>(
      'select id, state, message from outbox',
    );
    expect(outbox.rows.filter((r) => r.state !== 'done')).toEqual([]);
    const posts = new Map<string, number>();
    for (const call of slack.callsTo('chat.postMessage')) {
      const id = String(call.args.metadata?.event_payload?.id);
      posts.set(id, (posts.get(id) ?? 0) + 1);
    }
    expect([...posts].filter(([, n]) => n > 1)).toEqual([]);
    // The decided review's card is updated in place (chat.update), never posted again.
    const updates = outbox.rows.filter((r) => !posts.has(r.id));
    expect(updates.map((r) => JSON.parse(r.message).view)).toEqual(['approval_card']);
    expect(outbox.rows.filter((r) => posts.has(r.id))).toHaveLength(posts.size);
    const balanced = slack.messagesIn('#microapp-reviews').find((m) => String(m.text).includes('Balanced app'))!;
    expect(slack.callsTo('chat.update').map((c) => [c.args.channel, c.args.ts])).toEqual([
      [CHANNELS['microapp-reviews'], balanced.ts],
    ]);
    expect(slack.messagesIn('#microapp-reviews')).toHaveLength(CARDS + 1);
    const texts = new Map<string, number>();
    for (const call of slack.callsTo('chat.postMessage')) {
      const key = `${call.args.channel} ${call.args.text}`;
      texts.set(key, (texts.get(key) ?? 0) + 1);
    }
    expect([...texts].filter(([, n]) => n > 1)).toEqual([]);

    // One discovery scan and one health round in all, though every replica ticked both at start.
    const firstPages = slack
      .callsTo('admin.apps.approved.list')
      .filter((call) => !call.args.cursor && call.authorization === `Bearer ${ADMIN_TOKEN}`);
    expect(firstPages).toHaveLength(1);
    expect(logged([a!, b!, c], /^discovery: slack scanned$/)).toHaveLength(1);
    expect([...healthHits.values()]).toEqual(Array.from({ length: HEALTH_APPS }, () => 1));
    const rounds = logged([a!, b!, c], /^health round$/);
    expect(rounds.reduce((n, r) => n + Number(r.healthy), 0)).toBe(HEALTH_APPS);

    last.kill('SIGTERM');
    expect(await last.exited).toEqual({ code: 0, signal: null });
  }, 120_000);
});

/** Approval cards posted for an app. */
function cardsFor(slack: FakeSlack, name: string): SlackCall[] {
  return slack
    .callsTo('chat.postMessage')
    .filter(
      (call) =>
        call.args.channel === CHANNELS['microapp-reviews'] && JSON.stringify(call.args).includes(`Review: ${name}`),
    );
}

/** The JSON log lines of `bots` whose message matches, oldest first per bot. */
function logged(bots: BotProcess[], msg: RegExp): Record<string, unknown>[] {
  return bots.flatMap((bot) =>
    bot.logs.map(parseLine).filter((e): e is Record<string, unknown> => msg.test(String(e?.msg ?? ''))),
  );
}
