import type { DatabaseTarget } from '../../src/store/database-target';
import { cli, manifestDir } from '../support/cli-harness';
import { tier2 } from '../support/manifests';
import { DIALECTS, createTestDatabase } from '../support/test-databases';
import { policyCopy } from '../support/test-policy';

const url = (t: DatabaseTarget) => (t.kind === 'sqlite' ? `sqlite:${t.file}` : t.url);

for (const dialect of DIALECTS) {
  describe(`microapp exception on ${dialect}`, () => {
    let env: NodeJS.ProcessEnv;
    let drop: () => Promise<void>;
    const dir = manifestDir({ 'team.yaml': tier2() });
    beforeEach(async () => {
      const db = await createTestDatabase(dialect);
      drop = db.drop;
      env = { POLICY_DIR: policyCopy(), DATABASE_URL: url(db.target) };
    });
    afterEach(() => drop());

    test('grant acts as the person named with --as; list shows what is in force', async () => {
      await cli(['register', '--file', 'team.yaml'], env, dir);
      const grant = [
        'exception',
        'grant',
        'Inbox router',
        'team-audience',
        '--days',
        '5',
        '--controls',
        'only the support leads use it this week',
      ];
      expect(await cli(grant, env, dir)).toMatchObject({
        code: 2,
        err: expect.stringMatching(/Only reviewers .* and admins grant exceptions/),
      });
      expect(await cli(['exception', 'grant', 'Inbox router', 'team-audience', '--days', '5'], env, dir)).toMatchObject(
        { code: 2, err: expect.stringMatching(/--controls/) },
      );
      expect(
        await cli(['exception', 'grant', 'Inbox ruoter', 'team-audience', '--days', '5', '--controls', 'x'], env, dir),
      ).toMatchObject({
        code: 2,
        err: 'No app called "Inbox ruoter". Did you mean "Inbox router"?\n',
      });
      const { id } = JSON.parse((await cli(['show', 'Inbox router', '--json'], env, dir)).out);
      const byPrefix = grant.map((word) => (word === 'Inbox router' ? id.slice(0, 8) : word));
      const granted = await cli([...byPrefix, '--as', 'slack:UADMIN'], env, dir);
      expect(granted).toMatchObject({
        code: 0,
        out: expect.stringMatching(
          /Exception granted: "Inbox router" is not held to team-audience until .*every approval it needs, so it is approved/,
        ),
      });
      const listed = (await cli(['exception', 'list'], env, dir)).out;
      expect(listed).toMatch(
        /"Inbox router": team-audience until .*, granted by someone on Slack\. Instead: only the support leads use it this week/,
      );
      expect(listed).not.toMatch(/slack:/);
      expect(JSON.parse((await cli(['exception', 'list', '--json'], env, dir)).out)).toEqual([
        expect.objectContaining({ app: 'Inbox router', rule: 'team-audience', grantedBy: 'slack:UADMIN' }),
      ]);
      expect((await cli(['show', 'Inbox router'], env, dir)).out).toMatch(
        /Exceptions in force:[\s\S]*team-audience until .*Instead: only the support leads/,
      );
    });
  });
}
