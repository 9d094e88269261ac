import { Client } from 'pg';
import type { Registry } from '../../src/ports/registry';
import { createKyselyRegistry } from '../../src/store/kysely-registry';
import { alwaysWorking } from '../support/always-working';
import { auditKeyFile } from '../support/audit-key-file';
import { killBotProcesses, replicaEnv, startBotProcess } from '../support/bot-process';
import type { FakeConnector } from '../support/fake-connector';
import { startFakeConnector } from '../support/fake-connector';
import { seedExpiringApps } from '../support/seed-expiring';
import {
  DEFAULT_TEAM,
  TENANT_ID,
  USERS,
  adaptiveCards,
  messageActivity,
  personalConversationId,
  teamsRef,
} from '../support/teams-activities';
import type { TeamsUser } from '../support/teams-activities';
import { cardText } from '../support/teams-form';
import type { TestDatabase } from '../support/test-databases';
import { DIALECTS, createTestDatabase } from '../support/test-databases';
import { policyCopy } from '../support/test-policy';
import { waitFor } from '../support/wait-for';
import { waitForSweepAfter } from '../support/wait-for-sweep';

const postgres = DIALECTS.includes('postgres') ? describe : describe.skip;

const DUE = 400;
const OWNERS: TeamsUser[] = [USERS.ana, USERS.rita, USERS.sam, USERS.otto];

postgres('two bot processes on one PostgreSQL database, with Teams', () => {
  let connector: FakeConnector;
  let db: TestDatabase;
  let registry: Registry;
  let pg: Client;
  let env: (name: string) => Record<string, string>;

  beforeAll(async () => {
    connector = await startFakeConnector({
      personalConversationId: (m) =>
        m.aadObjectId ? personalConversationId({ aadObjectId: m.aadObjectId }) : `a:new-${m.id}`,
    });
    for (const u of Object.values(USERS))
      connector.addMember({
        id: u.id,
        name: u.name,
        aadObjectId: u.aadObjectId,
        email: u.email,
        userPrincipalName: u.userPrincipalName,
        tenantId: TENANT_ID,
      });
    connector.addTeam(DEFAULT_TEAM);
    db = await createTestDatabase('postgres');
    const url = db.target.kind === 'postgres' ? db.target.url : '';
    pg = new Client({ connectionString: url });
    await pg.connect();
    const policyDir = policyCopy(alwaysWorking);
    const auditKey = auditKeyFile();
    env = (name) =>
      replicaEnv(url, name, {
        POLICY_DIR: policyDir,
        REMINDER_SCHEDULE: '*/2 * * * * *',
        DELIVERY_LEASE_MS: '3000',
        AUDIT_SIGNING_KEY_FILE: auditKey,
      });
  }, 60_000);

  afterAll(async () => {
    await killBotProcesses();
    await pg?.end();
    await registry?.close();
    await db?.drop();
    await connector?.close();
  });

  test('two replicas started at once on an empty database; 400 re-certifications due for four people: each gets one digest card', async () => {
    // Both start on the empty database at once: one migrates, the other waits for it.
    const bots = await Promise.all([startBotProcess(env('replica-a')), startBotProcess(env('replica-b'))]);
    registry = await createKyselyRegistry(db.target);
    // People talk to either replica behind the load balancer; each learns where to reach them.
    for (const [i, u] of OWNERS.entries()) {
      const bot = bots[i % 2]!;
      const res = await fetch(`http://127.0.0.1:${bot.port}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(messageActivity(u, 'help', 'personal', { serviceUrl: connector.url })),
      });
      expect(res.status).toBe(200);
    }
    await seedExpiringApps(
      registry,
      DUE,
      OWNERS.map(teamsRef),
      new Date(Date.now() + 20 * 86_400_000).toISOString(),
      'Teams app',
    );
    const digestsTo = (u: TeamsUser) =>
      connector
        .sentTo(personalConversationId(u))
        .map((s) => cardText(adaptiveCards(s.activity)[0]))
        .filter((text) => /must be re-certified by/.test(text));
    await waitFor(() => OWNERS.every((u) => digestsTo(u).length >= 1), 30_000);

    const since = new Date().toISOString();
    for (const bot of bots) await waitForSweepAfter(bot, since);
    const open = async () =>
      Number((await pg.query("select count(*) as n from outbox where state <> 'done'")).rows[0].n);
    const end = Date.now() + 20_000;
    while ((await open()) > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(await open()).toBe(0);

    expect(OWNERS.map((u) => digestsTo(u).length)).toEqual(OWNERS.map(() => 1));
    const reminders = await pg.query<{ state: string; sends: number; n: string }>(
      'select state, sends, count(*) as n from reminder group by state, sends',
    );
    expect(reminders.rows.map((r) => ({ ...r, n: Number(r.n) }))).toEqual([{ state: 'sent', sends: 1, n: DUE }]);
    const activities = new Map<string, number>();
    for (const s of connector.sent) {
      const key = `${s.conversationId} ${JSON.stringify(s.activity.attachments ?? s.activity.text)}`;
      activities.set(key, (activities.get(key) ?? 0) + 1);
    }
    expect([...activities].filter(([, n]) => n > 1).map(([k]) => k.slice(0, 120))).toEqual([]);

    for (const bot of bots) bot.kill('SIGTERM');
    for (const bot of bots) expect(await bot.exited).toEqual({ code: 0, signal: null });
  }, 90_000);
});
