import { systemClock } from '../../src/ports/clock';
import { createKyselyRegistry } from '../../src/store/kysely-registry';
import type { DatabaseTarget } from '../../src/store/database-target';
import { cli, manifestDir } from '../support/cli-harness';
import { tier1 } from '../support/manifests';
import { testCore } from '../support/test-core';
import { DIALECTS, createTestDatabase } from '../support/test-databases';
import { POLICY_DIR, loadTestPolicy } from '../support/test-policy';

const url = (t: DatabaseTarget) => (t.kind === 'sqlite' ? `sqlite:${t.file}` : t.url);

for (const dialect of DIALECTS) {
  test(`microapp token issue prints the token once with a curl example, and token revoke stops it, on ${dialect}`, async () => {
    const db = await createTestDatabase(dialect);
    const env = { POLICY_DIR, DATABASE_URL: url(db.target), PUBLIC_URL: 'https://microapp.example.com/' };
    const dir = manifestDir({ 'app.yaml': tier1({ name: 'Notes tidier' }) });
    const registry = await createKyselyRegistry(db.target);
    try {
      expect((await cli(['register', '--file', 'app.yaml'], env, dir)).code).toBe(0);
      expect(await cli(['token', 'issue'], env, dir)).toMatchObject({
        code: 2,
        err: expect.stringContaining('Name the app: microapp token issue "Expense tracker"'),
      });
      const issued = await cli(['token', 'issue', 'notes', 'tidier'], env, dir);
      expect(issued.code).toBe(0);
      const token = /^ {2}(mab_[A-Za-z0-9_-]{59})$/m.exec(issued.out)?.[1];
      expect(token).toBeDefined();
      const app = (await registry.apps.find('Notes tidier'))!;
      expect(issued.out).toContain(
        `curl -X POST -H "Authorization: Bearer $MICROAPP_TOKEN" https://microapp.example.com/api/v1/apps/${app.id}/heartbeat`,
      );
      expect(issued.out).not.toContain('previous token');
      const core = testCore(registry, await loadTestPolicy(), systemClock);
      expect(await core.recordHeartbeat({ app: app.id, token: token!, sandbox: false })).toMatchObject({
        kind: 'recorded',
        written: true,
      });
      expect((await registry.audit.events(0, 100)).find((e) => e.action === 'app.token_issued')).toMatchObject({
        actorUser: 'cli:tester',
      });

      const again = await cli(['token', 'issue', 'Notes tidier'], env, dir);
      expect(again.out).toContain('The previous token of this app no longer works.');
      expect(await core.recordHeartbeat({ app: app.id, token: token!, sandbox: false })).toEqual({
        kind: 'unauthorized',
      });
      const second = /^ {2}(mab_[A-Za-z0-9_-]{59})$/m.exec(again.out)![1]!;
      expect(await cli(['token', 'revoke', 'Notes tidier'], env, dir)).toMatchObject({
        code: 0,
        out: 'Revoked the heartbeat token of "Notes tidier": its heartbeats are refused from now on.\n',
      });
      expect(await core.recordHeartbeat({ app: app.id, token: second, sandbox: false })).toEqual({
        kind: 'unauthorized',
      });
      expect(await cli(['token', 'revoke', 'Notes tidier'], env, dir)).toMatchObject({
        code: 0,
        out: '"Notes tidier" has no active heartbeat token; nothing to revoke.\n',
      });
      expect(await cli(['token', 'issue', 'Nothing here'], env, dir)).toMatchObject({
        code: 2,
        err: expect.stringMatching(/No app called "Nothing here"/),
      });
    } finally {
      await registry.close();
      await db.drop();
    }
  });
}
