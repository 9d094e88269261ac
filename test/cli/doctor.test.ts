import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Migrator } from 'kysely/migration';
import { migrations } from '../../migrations';
import { openDatabase } from '../../src/store/open-database';
import type { DatabaseTarget } from '../../src/store/database-target';
import { cli, manifestDir } from '../support/cli-harness';
import type { FakeSlack } from '../support/fake-slack';
import { startFakeSlack } from '../support/fake-slack';
import { DIALECTS, createTestRegistry } from '../support/test-databases';
import { POLICY_DIR, policyCopy, withoutTeams } from '../support/test-policy';

const url = (t: DatabaseTarget) => (t.kind === 'sqlite' ? `sqlite:${t.file}` : t.url);
/** The shipped policy with filled roles, routing only to Slack. */
const slackOnly = () => policyCopy(withoutTeams);
const cwd = manifestDir({});

for (const dialect of DIALECTS) {
  describe(`microapp doctor on ${dialect}`, () => {
    let registry: Awaited<ReturnType<typeof createTestRegistry>>;
    let slack: FakeSlack;
    let env: NodeJS.ProcessEnv;
    beforeAll(async () => {
      registry = await createTestRegistry(dialect);
      slack = await startFakeSlack();
      env = {
        DATABASE_URL: url(registry.target),
        SLACK_BOT_TOKEN: 'xoxb-doctor-test',
        SLACK_SIGNING_SECRET: '0123456789abcdef',
        SLACK_API_URL: slack.url,
      };
    });
    afterAll(async () => {
      await slack.close();
      await registry.close();
    });

    test('the shipped policy: exit 1, naming each empty role with the tiers that need it and the fix', async () => {
      const r = await cli(
        ['doctor'],
        { ...env, POLICY_DIR, SLACK_BOT_TOKEN: undefined, SLACK_SIGNING_SECRET: undefined, SLACK_API_URL: undefined },
        join(POLICY_DIR, '..'),
      );
      expect(r.code).toBe(1);
      expect(r.out).toContain(
        'roles: The role "reviewer" has no members, and tier 2 approvals need it: no tier-2 app can be approved.\n  Fix: Add members in policies/roles.yaml under roles.reviewer.members',
      );
      expect(r.out).toContain('roles: The role "security" has no members, and tier 3 approvals need it');
      expect(r.out).toContain('roles: The role "platform" has no members, and tier 3 approvals need it');
      expect(r.out).toMatch(
        /policy: Nobody holds "fallback-reviewer": .*\n {2}Fix: Add members in policies\/roles\.yaml under roles\.fallback-reviewer\.members/,
      );
      expect(r.out).toMatch(/policy: Nobody holds "admin": /);
      // Each tier also goes to Teams, connected in local mode: the Slack destinations are skipped, not findings.
      expect(r.out).not.toMatch(/^routes:/m);
      // Without Slack, Teams is connected in local mode (as routing has it): its channels need routing, nothing more.
      expect(r.out).not.toContain('Teams is not configured');
      expect(r.out).toContain(
        'teams: The policy sends tier 3 approval cards to Teams "Micro app security reviews", but no channel has been routed there yet',
      );
      expect(r.out.trimEnd().split('\n').at(-1)).toBe('microapp doctor: 7 findings (roles 3, policy 2, teams 2).');
      expect(r.err).toBe('');
    });

    test('a filled policy routed to Slack channels the bot is in: exit 0 and one summary line', async () => {
      const r = await cli(['doctor'], { ...env, POLICY_DIR: slackOnly() }, cwd);
      expect(r).toEqual({ code: 0, out: 'microapp doctor: no findings.\n', err: '' });
      expect(slack.callsTo('auth.test').length).toBeGreaterThan(0);
    });

    test('a reviewer channel the bot is not in is a finding with the /invite fix', async () => {
      slack.removeBotFrom('#microapp-security-reviews');
      const r = await cli(['doctor'], { ...env, POLICY_DIR: slackOnly() }, cwd);
      expect(r.code).toBe(1);
      expect(r.out).toBe(
        'slack: The bot is not a member of Slack "#microapp-security-reviews", so the tier 3 approval cards sent there cannot be posted.\n  Fix: Type "/invite @microapp" in #microapp-security-reviews.\n\nmicroapp doctor: 1 finding (slack 1).\n',
      );
    });

    test('messages waiting for long and undeliverable ones are findings; the fix of the row is repeated', async () => {
      const old = new Date(Date.now() - 2 * 3_600_000).toISOString();
      const recipient = { kind: 'channel', platform: 'slack', channel: '#work' } as const;
      await registry.outbox.enqueue(
        [
          { recipient, message: { view: 'approval_card', reviewId: 'r-stuck' }, dedupeKey: `doctor-stuck-${dialect}` },
          { recipient, message: { view: 'approval_card', reviewId: 'r-gone' }, dedupeKey: `doctor-gone-${dialect}` },
        ],
        old,
      );
      const [claimed] = await registry.outbox.claim({
        owner: 'w1',
        now: new Date().toISOString(),
        leaseUntil: new Date(Date.now() + 60_000).toISOString(),
        limit: 1,
        skipLanes: [],
      });
      await registry.outbox.giveUp(claimed!.id, 'w1', {
        at: new Date().toISOString(),
        error: 'not_in_channel',
        fix: 'Invite the bot to #work',
      });
      const r = await cli(['doctor'], { ...env, POLICY_DIR: slackOnly() }, cwd);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(
        /delivery: 1 message waits to go out, the oldest for 2 hours: the delivery worker is not sending them\.\n {2}Fix: Check that the bot is running/,
      );
      expect(r.out).toContain(
        'delivery: 1 message could not be delivered in the last 7 days and will not be retried (not_in_channel).\n  Fix: Invite the bot to #work. `microapp deliveries --status undeliverable` lists each one.',
      );
    });

    test('a SIEM sink whose last batch failed is a finding; once a batch goes through it is not', async () => {
      const siem = {
        ...env,
        POLICY_DIR: slackOnly(),
        SIEM_HTTP_URL: 'http://127.0.0.1:9/',
        SIEM_HTTP_TOKEN: 'hec-token-1',
        SIEM_HTTP_FORMAT: 'json',
      };
      const now = new Date();
      const until = new Date(now.getTime() + 60_000).toISOString();
      await registry.siem.claim('http', 'doctor-test', now.toISOString(), until);
      await registry.siem.failed(
        'http',
        'doctor-test',
        'the SIEM at 127.0.0.1:9 refused the connection',
        now.toISOString(),
      );
      const failing = await cli(['doctor'], siem, cwd);
      expect(failing.code).toBe(1);
      expect(failing.out).toMatch(
        /siem: The http SIEM sink is \d+ audit events? behind: its last batch failed \(the SIEM at 127\.0\.0\.1:9 refused the connection\)\.\n {2}Fix: Check the sink's SIEM_\* settings/,
      );
      const head = (await registry.audit.head())?.seq ?? 0;
      await registry.siem.advance('http', 'doctor-test', head, new Date().toISOString());
      expect((await cli(['doctor'], siem, cwd)).out).not.toContain('siem:');
    });
  });
}

test('an invalid configuration cannot be checked: exit 2 with every problem', async () => {
  const r = await cli(['doctor'], { POLICY_DIR, PORT: 'ninety', SLACK_SIGNING_SECRET: 'abc' }, cwd);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(/PORT must be a port number/);
  expect(r.err).toMatch(/SLACK_BOT_TOKEN is needed too/);
  expect(r.out).toBe('');
});

test('a new database is created and checked as any command would; one missing some migrations is named and left alone', async () => {
  const file = join(manifestDir({}), 'new', 'microapp.db');
  const fresh = await cli(['doctor'], { POLICY_DIR: slackOnly(), DATABASE_URL: `sqlite:${file}` }, cwd);
  expect(fresh.out).not.toMatch(/^database:/m);
  expect(fresh.out).not.toMatch(/Not checked/);
  expect(existsSync(file)).toBe(true);

  const old = join(manifestDir({}), 'old.db');
  const db = openDatabase({ kind: 'sqlite', file: old });
  await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo('2026-11-21-001-registry');
  await db.destroy();
  const r = await cli(['doctor'], { POLICY_DIR: slackOnly(), DATABASE_URL: `sqlite:${old}` }, cwd);
  expect(r.code).toBe(1);
  expect(r.out).toMatch(
    /^database: The database is missing \d+ migrations this version needs \(2026-11-21-002-app-name-search, /,
  );
  expect(r.out).toContain('Fix: Start the bot (npm start) once: it runs the migrations before it serves.');
  expect(r.out.trimEnd().split('\n').at(-1)).toBe(
    'microapp doctor: 1 finding (database 1). Not checked: Slack, Teams and deliveries (they need the database up to date).',
  );
  const after = openDatabase({ kind: 'sqlite', file: old });
  expect(await after.selectFrom('kysely_migration').select('name').execute()).toEqual([
    { name: '2026-11-21-001-registry' },
  ]);
  await after.destroy();
});

test('a policy that does not load: each problem is a finding', async () => {
  const broken = policyCopy((d) => writeFileSync(join(d, 'roles.yaml'), 'roles: [\n'));
  const r = await cli(['doctor'], { POLICY_DIR: broken, DATABASE_URL: `sqlite:${join(manifestDir({}), 'x.db')}` }, cwd);
  expect(r.code).toBe(1);
  expect(r.out).toMatch(/^policy: .*roles\.yaml:\d+: not valid YAML/);
  expect(r.out).toContain('Not checked: Slack, Teams and deliveries (they need a policy that loads).');
});
