import type { Registry } from '../../src/ports/registry';
import type { DatabaseTarget } from '../../src/store/database-target';
import { createKyselyRegistry } from '../../src/store/kysely-registry';
import { cli, manifestDir } from '../support/cli-harness';
import { tier1 } from '../support/manifests';
import { DIALECTS, createTestDatabase } from '../support/test-databases';
import { POLICY_DIR } from '../support/test-policy';

const url = (t: DatabaseTarget) => (t.kind === 'sqlite' ? `sqlite:${t.file}` : t.url);
const OLIVIA = 'Olivia Owner <olivia@example.com>';
const RAW_REF = /\b(slack|teams):/;

for (const dialect of DIALECTS) {
  describe(`people by name in the CLI on ${dialect}`, () => {
    let env: NodeJS.ProcessEnv;
    let registry: Registry;
    let drop: () => Promise<void>;
    const dir = manifestDir({
      'slack.yaml': tier1({ name: 'Nudge bot', owner: 'slack:U0OWNER', backupOwner: 'slack:U0GHOST' }),
      'email.yaml': tier1({ name: 'Mail sorter', owner: 'olivia@example.com' }),
      'teams.yaml': tier1({ name: 'Team board', owner: 'teams:29:1b68aa' }),
      'ghost.yaml': tier1({ name: 'Ghost tool', owner: 'slack:U0GHOST' }),
      'ana.yaml': tier1({ name: 'Ana notes', owner: 'ana@example.com' }),
    });
    beforeEach(async () => {
      const db = await createTestDatabase(dialect);
      env = { POLICY_DIR, DATABASE_URL: url(db.target) };
      for (const file of ['slack.yaml', 'email.yaml', 'teams.yaml', 'ghost.yaml', 'ana.yaml'])
        expect((await cli(['register', '--file', file], env, dir)).code).toBe(0);
      registry = await createKyselyRegistry(db.target);
      const at = new Date().toISOString();
      await registry.people.remember(
        { ref: 'slack:U0OWNER', email: 'olivia@example.com', displayName: 'Olivia Owner', active: true },
        at,
      );
      await registry.people.remember({ ref: 'teams:29:1b68aa', email: 'olivia@example.com', active: true }, at);
      drop = async () => {
        await registry.close();
        await db.drop();
      };
    });
    afterEach(() => drop());

    test('list shows owners by name and email, never a raw ref; --owner takes an email, a ref or a name', async () => {
      const listed = await cli(['list'], env, dir);
      expect(listed.code).toBe(0);
      expect(listed.out).not.toMatch(RAW_REF);
      for (const name of ['Nudge bot', 'Mail sorter', 'Team board'])
        expect(listed.out).toMatch(new RegExp(`^${name}\\s+Approved\\s+1\\s+${OLIVIA}\\s`, 'm'));
      expect(listed.out).toMatch(/^Ghost tool\s+Approved\s+1\s+someone on Slack\s/m);
      expect(listed.out).toMatch(/^Ana notes\s+Approved\s+1\s+ana@example\.com\s/m);

      const olivias = ['Mail sorter', 'Nudge bot', 'Team board'];
      for (const owner of [
        'olivia@example.com',
        'OLIVIA@example.com',
        'slack:U0OWNER',
        'teams:29:1b68aa',
        'olivia owner',
      ]) {
        const json = JSON.parse((await cli(['list', '--owner', owner, '--json'], env, dir)).out);
        expect(json.apps.map((a: { name: string }) => a.name)).toEqual(olivias);
      }
      const named = JSON.parse((await cli(['list', '--owner', 'Olivia Owner', '--json'], env, dir)).out);
      expect(named.apps[0]).toMatchObject({ owner: 'olivia@example.com', ownerName: 'Olivia Owner' });
      expect((await cli(['list', '--owner', 'ana@example.com'], env, dir)).out).toMatch(/^Ana notes\s/m);
      expect(await cli(['list', '--owner', 'Nobody Here'], env, dir)).toMatchObject({
        code: 1,
        err: expect.stringMatching(/Nobody is known as "Nobody Here"/),
      });
    });

    test('export carries owner and backup owner names and emails as CSV columns', async () => {
      const csv = (await cli(['export', '--format', 'csv'], env, dir)).out.trim().split('\n');
      const header = csv[0]!.split(',');
      expect(header.slice(5, 11)).toEqual([
        'owner',
        'ownerName',
        'ownerEmail',
        'backupOwner',
        'backupOwnerName',
        'backupOwnerEmail',
      ]);
      const row = (name: string) => {
        const cells = csv.find((l) => l.split(',')[1] === name)!.split(',');
        return Object.fromEntries(header.slice(5, 11).map((h, i) => [h, cells[5 + i]]));
      };
      expect(row('Nudge bot')).toEqual({
        owner: 'slack:U0OWNER',
        ownerName: 'Olivia Owner',
        ownerEmail: 'olivia@example.com',
        backupOwner: 'slack:U0GHOST',
        backupOwnerName: '',
        backupOwnerEmail: '',
      });
      expect(row('Team board')).toMatchObject({ ownerName: 'Olivia Owner', ownerEmail: 'olivia@example.com' });
      expect(row('Ana notes')).toMatchObject({ ownerName: '', ownerEmail: 'ana@example.com' });
    });

    test('show finds an app by the start of its id, names people, and suggests the closest name', async () => {
      const { id } = JSON.parse((await cli(['show', 'Nudge bot', '--json'], env, dir)).out);
      const shown = await cli(['show', id.slice(0, 8)], env, dir);
      expect(shown.code).toBe(0);
      expect(shown.out).toContain('Nudge bot');
      expect(shown.out).toContain(OLIVIA);
      expect(shown.out).not.toMatch(RAW_REF);
      expect(JSON.parse((await cli(['show', id.slice(0, 8), '--json'], env, dir)).out)).toMatchObject({
        id,
        ownerName: 'Olivia Owner',
        ownerEmail: 'olivia@example.com',
      });
      expect(await cli(['show', 'Nudger'], env, dir)).toMatchObject({
        code: 2,
        err: 'No app called "Nudger". Did you mean "Nudge bot"?\n',
      });
      expect(await cli(['show', 'Zzyzx quux'], env, dir)).toMatchObject({
        code: 2,
        err: expect.stringMatching(/^No app called "Zzyzx quux"\. Check the spelling/),
      });
      expect((await cli(['sandbox', id.slice(0, 6)], env, dir)).out).toMatch(/Recorded sandbox use of "Nudge bot"/);
      expect(await cli(['token', 'issue', 'Mail sortr'], env, dir)).toMatchObject({
        code: 2,
        err: expect.stringMatching(/Did you mean "Mail sorter"\?/),
      });
    });

    test('deliveries name the app and the recipient and say why each row waits', async () => {
      const now = Date.now();
      const iso = (ms: number) => new Date(now + ms).toISOString();
      const owner = 'cli-test';
      for (const r of await registry.outbox.claim({
        owner,
        now: iso(0),
        leaseUntil: iso(60_000),
        limit: 100,
        skipLanes: [],
      }))
        await registry.outbox.complete(r.id, owner, iso(0));
      const { id: appId } = JSON.parse((await cli(['show', 'Nudge bot', '--json'], env, dir)).out);
      const notice = { view: 'notice' as const, notice: { type: 'registered_for_you' as const, appId, by: 'cli:ops' } };
      await registry.outbox.enqueue(
        [
          { recipient: { kind: 'person', ref: 'slack:U0OWNER' }, message: notice },
          { recipient: { kind: 'person', ref: 'teams:29:1b68aa' }, message: notice },
          { recipient: { kind: 'person', ref: 'slack:U0GHOST' }, message: notice },
        ],
        iso(-10 * 60_000),
      );
      for (const r of await registry.outbox.claim({
        owner,
        now: iso(0),
        leaseUntil: iso(60_000),
        limit: 100,
        skipLanes: [],
      })) {
        if (r.recipient.kind !== 'person' || r.recipient.ref === 'slack:U0OWNER') {
          await registry.outbox.retry(r.id, owner, { dueAt: r.dueAt, maybeSent: false });
          continue;
        }
        await registry.outbox.startSend(r.id, owner, iso(0), iso(60_000));
        if (r.recipient.ref === 'teams:29:1b68aa')
          await registry.outbox.retry(r.id, owner, { dueAt: iso(5 * 60_000), error: 'ratelimited', maybeSent: false });
        else
          await registry.outbox.giveUp(r.id, owner, {
            at: iso(0),
            error: 'person_unknown',
            fix: 'Nobody with that id is known on Slack; check the owner in the manifest.',
          });
      }

      const all = await cli(['deliveries'], env, dir);
      expect(all.code).toBe(0);
      expect(all.out).not.toMatch(RAW_REF);
      expect(all.out).not.toMatch(/\(s\)/);
      expect(all.out).toMatch(
        /notice \(registered for you\) about "Nudge bot" to Olivia Owner <olivia@example\.com>: pending since .*: the bot is not running .*\(not tried yet\)/,
      );
      expect(all.out).toMatch(
        /about "Nudge bot" to Olivia Owner <olivia@example\.com>: retrying after a rate limit, next at .* \(1 attempt\)/,
      );
      expect(all.out).toMatch(
        /about "Nudge bot" to someone on Slack: undeliverable: Nobody with that id is known on Slack; check the owner in the manifest\. \(1 attempt\)/,
      );
      const undeliverable = await cli(['deliveries', '--status', 'undeliverable'], env, dir);
      expect(undeliverable.out.trim().split('\n')).toHaveLength(1);
      const json = JSON.parse((await cli(['deliveries', '--status', 'pending', '--json'], env, dir)).out);
      expect(json).toHaveLength(2);
      expect(json[0]).toMatchObject({ app: 'Nudge bot', to: OLIVIA });
    });
  });
}
