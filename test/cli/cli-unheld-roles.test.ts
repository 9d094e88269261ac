import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { DatabaseTarget } from '../../src/store/database-target';
import { cli, manifestDir } from '../support/cli-harness';
import { tier2 } from '../support/manifests';
import { createTestDatabase } from '../support/test-databases';
import { POLICY_DIR, policyCopy } from '../support/test-policy';

const url = (t: DatabaseTarget) => (t.kind === 'sqlite' ? `sqlite:${t.file}` : t.url);
const SLACK = { SLACK_BOT_TOKEN: 'xoxb-1-test-token', SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef' };

/** The shipped policy with every role empty but `admin`. */
const onlyAdmins = (admins: string[]) =>
  policyCopy((d) =>
    writeFileSync(
      join(d, 'roles.yaml'),
      stringify({
        roles: Object.fromEntries(
          ['reviewer', 'security', 'platform', 'fallback-reviewer', 'admin'].map((r) => [
            r,
            { description: r, members: r === 'admin' ? admins : [] },
          ]),
        ),
      }),
    ),
  );

describe('registering from the CLI on a Slack-only install when nobody holds the role', () => {
  const dir = manifestDir({ 'router.yaml': tier2({ name: 'CLI router', owner: 'slack:UOWNER' }) });

  test('with an admin on Slack: the answer says an admin has been told, and show says who is reminded', async () => {
    const db = await createTestDatabase('sqlite');
    try {
      const env = { ...SLACK, POLICY_DIR: onlyAdmins(['slack:UADMIN']), DATABASE_URL: url(db.target) };
      const r = await cli(['register', '--file', 'router.yaml'], env, dir);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/nobody holds the reviewer role yet; an admin has been told/);
      expect(r.out).toMatch(/Approval cards are queued for #microapp-reviews;/);
      expect(r.out).not.toMatch(/Micro app reviews/);
      const pending = await cli(['deliveries', '--status', 'pending', '--json'], env, dir);
      const rows = JSON.parse(pending.out) as {
        recipient: { ref?: string };
        message: { view: string; notice?: { type: string } };
      }[];
      expect(rows).toContainEqual(
        expect.objectContaining({
          recipient: expect.objectContaining({ ref: 'slack:UADMIN' }),
          message: expect.objectContaining({
            view: 'notice',
            notice: expect.objectContaining({ type: 'role_unheld' }),
          }),
        }),
      );
      const show = await cli(['show', 'CLI router'], env, dir);
      expect(show.out).toMatch(/Its review card is not posted yet in #microapp-reviews \(Slack\)/);
      expect(show.out).not.toMatch(/\(Teams\)/);
      expect(show.out).toMatch(/Nobody holds the reviewer role yet, so it cannot be approved/);
      expect(show.out).toMatch(
        /the admins are reminded on .*it goes to the admins \(nobody holds Fallback reviewer\)/s,
      );
    } finally {
      await db.drop();
    }
  });

  test('with the shipped roles (no admin): the answer says whom to ask instead, and show promises no reminder', async () => {
    const db = await createTestDatabase('sqlite');
    try {
      const env = { ...SLACK, POLICY_DIR, DATABASE_URL: url(db.target) };
      const r = await cli(['register', '--file', 'router.yaml'], env, dir);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(
        /nobody holds the reviewer role yet and no admin can be told: ask your platform team to add people to roles\.reviewer\.members in policies\/roles\.yaml/,
      );
      const show = await cli(['show', 'CLI router'], env, dir);
      expect(show.out).toMatch(/Nobody can be reminded about it either: nobody holds the admin role yet\./);
      expect(show.out).not.toMatch(/admins are reminded|goes to the admins/);
    } finally {
      await db.drop();
    }
  });
});
