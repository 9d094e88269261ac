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
      const granted = await cli([...grant, '--as', 'slack:UADMIN'], env, dir);
      expect(granted).toMatchObject({
        code: 0,
        out: expect.stringMatching(
          /Exception granted: "Inbox router" is not held to team-audience until .*every approval it needs, so it is approved/,
        ),
      });
      expect((await cli(['exception', 'list'], env, dir)).out).toMatch(
        /"Inbox router": team-audience until .*Instead: only the support leads use it this week/,
      );
      expect(JSON.parse((await cli(['exception', 'list', '--json'], env, dir)).out)).toEqual([
        expect.objectContaining({ app: 'Inbox router', rule: 'team-audience', grantedBy: 'slack:UADMIN' }),
      ]);
      expect((await cli(['show', 'Inbox router'], env, dir)).out).toMatch(
        /Exceptions in force:[\s\S]*team-audience until .*Instead: only the support leads/,
      );
    });
  });
}
