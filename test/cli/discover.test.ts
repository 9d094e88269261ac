import { closeSync, openSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseTarget } from '../../src/store/database-target';
import { cli, manifestDir } from '../support/cli-harness';
import { tier1 } from '../support/manifests';
import { DIALECTS, createTestDatabase } from '../support/test-databases';
import { policyCopy } from '../support/test-policy';

const url = (t: DatabaseTarget) => (t.kind === 'sqlite' ? `sqlite:${t.file}` : t.url);

const ZAPS = [
  'id,name,owner,createdAt,lastUsedAt,url,Zap status',
  'z-1001,Lead sync,ana@example.com,2026-10-01,2026-12-01T08:00:00Z,https://zapier.com/editor/1001,on',
  'z-1002,"Invoices, weekly",Raj Patel,2026-11-02,,,off',
  'z-1003,Renewal nudger,,,,,on',
].join('\n');

for (const dialect of DIALECTS) {
  describe(`microapp discover on ${dialect}`, () => {
    let env: NodeJS.ProcessEnv;
    let drop: () => Promise<void>;
    const dir = manifestDir({
      'zaps.csv': ZAPS,
      'zaps-later.csv': ZAPS.split('\n').slice(0, 3).join('\n'),
      'make.json': JSON.stringify([
        { id: 'm-1', name: 'Scenario one', owner: 'slack:UOWNER', createdAt: '2026-09-01T10:00:00+02:00' },
        { id: 'm-2', name: 'Scenario two' },
      ]),
      'no-id.csv': 'name,owner\nLead sync,ana@example.com\n',
      'dupes.csv': 'id,name\nz-1,One\nz-2,Two\nz-1,Again\n',
      'bad-date.csv': 'id,name,createdAt\nz-1,One,2026-10-01\nz-2,Two,31/12/2026\n',
      'no-id.json': JSON.stringify([{ name: 'x' }]),
      'empty.csv': 'id,name\n',
      'secret-id.csv': `id,name\n${['xoxb', '123456789012', '123456789012', 'abcdefghijABCDEFGHIJabcd'].join('-')},Bot\n`,
      'registered.yaml': tier1({ name: 'Renewal nudger', externalRefs: ['zapier:z-1003'] }),
    });
    const run = (...args: string[]) => cli(args, env, dir);
    const status = async () => JSON.parse((await run('discover', 'status', '--json')).out);

    beforeEach(async () => {
      const db = await createTestDatabase(dialect);
      drop = db.drop;
      env = { POLICY_DIR: policyCopy(), DATABASE_URL: url(db.target), TIME_ZONE: 'Europe/Berlin' };
    });
    afterEach(() => drop());

    test('with no source configured, run says how to bring items in', async () => {
      const r = await run('discover', 'run');
      expect(r).toMatchObject({ code: 0 });
      expect(r.out).toMatch(/No discovery source is configured/);
      expect(r.out).toMatch(/microapp discover import --source zapier/);
      expect(await run('discover', 'run', '--source', 'slack')).toMatchObject({
        code: 2,
        err: expect.stringMatching(/No discovery source is called "slack"/),
      });
    });

    test('imports CSV and JSON; a later import makes absent rows gone; a registration with the ref moves coverage up', async () => {
      const imported = await run('discover', 'import', '--source', 'zapier', 'zaps.csv');
      expect(imported).toMatchObject({ code: 0, err: '' });
      expect(imported.out).toBe(
        'Imported 3 items from zaps.csv as source zapier: 3 new, 0 gone (in the last import but not in this one).\n',
      );
      expect(await run('discover', 'import', '--source', 'make', 'make.json')).toMatchObject({ code: 0 });
      expect(await status()).toEqual({
        coverage: 0,
        sources: [
          {
            source: 'make',
            discovered: 2,
            registered: 0,
            unregistered: 2,
            ignored: 0,
            coverage: 0,
            lastScanAt: expect.any(String),
          },
          {
            source: 'zapier',
            discovered: 3,
            registered: 0,
            unregistered: 3,
            ignored: 0,
            coverage: 0,
            lastScanAt: expect.any(String),
          },
        ],
      });

      expect(await run('register', '--file', 'registered.yaml')).toMatchObject({ code: 0 });
      const after = await status();
      expect(after.coverage).toBeCloseTo(1 / 5);
      expect(after.sources[1]).toMatchObject({ source: 'zapier', registered: 1, unregistered: 2, coverage: 1 / 3 });

      const list = await run('discover', 'list', '--source', 'zapier');
      expect(list.code).toBe(0);
      expect(list.out).toContain(
        'zapier:z-1001  "Lead sync" (workflow): not registered, by ana@example.com, first seen',
      );
      expect(list.out).toContain('last used 1 Dec 2026');
      expect(list.out).toContain('zapier:z-1002  "Invoices, weekly" (workflow): not registered, by Raj Patel');
      expect(list.out).toContain(
        'zapier:z-1003  "Renewal nudger" (workflow): registered as "Renewal nudger", creator unknown',
      );
      expect(list.out).toContain('Dates are in Europe/Berlin.');
      const json = JSON.parse((await run('discover', 'list', '--state', 'registered', '--json')).out);
      expect(json).toHaveLength(1);
      expect(json[0]).toMatchObject({
        ref: 'zapier:z-1003',
        state: 'registered',
        matchedApp: { name: 'Renewal nudger' },
      });
      const make = JSON.parse((await run('discover', 'list', '--source', 'make', '--json')).out);
      expect(make[0]).toMatchObject({ createdAt: '2026-09-01T08:00:00.000Z', people: [{ ref: 'slack:UOWNER' }] });

      const later = await run('discover', 'import', '--source', 'zapier', 'zaps-later.csv');
      expect(later.out).toMatch(/2 items .* 0 new, 1 gone/);
      const gone = JSON.parse((await run('discover', 'list', '--state', 'gone', '--json')).out);
      expect(gone.map((i: { ref: string }) => i.ref)).toEqual(['zapier:z-1003']);
      expect((await status()).sources[1]).toMatchObject({ discovered: 2, registered: 0, coverage: 0 });
    });

    test('a likely name match is a suggestion, never a match', async () => {
      await run('register', '--file', 'registered.yaml');
      await run('discover', 'import', '--source', 'make', 'make.json');
      const renamed = manifestDir({ 'n.json': JSON.stringify([{ id: 'n-1', name: 'Renewal nudge' }]) });
      await cli(['discover', 'import', '--source', 'n8n', 'n.json'], env, renamed);
      const list = await run('discover', 'list', '--source', 'n8n');
      expect(list.out).toContain('n8n:n-1  "Renewal nudge" (workflow): not registered');
      expect(list.out).toContain(
        'Likely the registered app "Renewal nudger": if so, add "n8n:n-1" to its externalRefs.',
      );
      expect((await status()).sources.find((s: { source: string }) => s.source === 'n8n')).toMatchObject({
        registered: 0,
      });
    });

    test('bad files: each refused with the row and the fix, nothing written', async () => {
      await run('discover', 'import', '--source', 'zapier', 'zaps.csv');
      const before = await status();
      const refused = async (file: string, message: RegExp) => {
        const r = await run('discover', 'import', '--source', 'zapier', file);
        expect(r).toMatchObject({ code: 2, out: '' });
        expect(r.err).toMatch(message);
        expect(r.err).not.toMatch(/something went wrong/i);
      };
      await refused(
        'no-id.csv',
        /Nothing was imported: no-id.csv has no "id" column\. Its first line must name the columns/,
      );
      await refused('dupes.csv', /line 4 of dupes.csv repeats the id "z-1" of line 2\. .*remove the duplicate row/);
      await refused(
        'bad-date.csv',
        /line 3 of bad-date.csv: createdAt "31\/12\/2026" is not a date\. Write dates as ISO 8601, like 2026-12-07/,
      );
      await refused('no-id.json', /no-id.json has no "id" key/);
      await refused('empty.csv', /has no rows, so nothing was imported/);
      await refused('secret-id.csv', /secret-id.csv: item 1 has an id that looks like a password, key or token/);
      await refused('missing.csv', /Cannot read missing.csv: no such file/);
      const big = join(dir, 'huge.csv');
      const fd = openSync(big, 'w');
      ftruncateSync(fd, 50 * 1024 * 1024);
      closeSync(fd);
      await refused('huge.csv', /huge.csv is 50.0 MB, and an import reads at most 10 MB\. Split the export/);
      expect(await run('discover', 'import', '--source', 'Zapier!', 'zaps.csv')).toMatchObject({
        code: 2,
        err: expect.stringMatching(/lower-case letters, digits and dashes/),
      });
      expect(await run('discover', 'import', 'zaps.csv')).toMatchObject({
        code: 2,
        err: expect.stringMatching(/--source zapier zaps.csv/),
      });
      expect(await status()).toEqual(before);
      expect(JSON.parse((await run('discover', 'list', '--json')).out)).toHaveLength(3);
    });

    test('ignore leaves an item out of coverage through a day in the configured zone; bad arguments say what to type', async () => {
      await run('discover', 'import', '--source', 'zapier', 'zaps.csv');
      const ok = await run(
        'discover',
        'ignore',
        'zapier:z-1002',
        '--reason',
        'a vendor tool, governed by procurement',
        '--until',
        '2099-03-31',
      );
      expect(ok).toMatchObject({ code: 0 });
      expect(ok.out).toBe(
        'Ignored "Invoices, weekly" (zapier:z-1002) until 1 Apr 2099, 00:00 Europe/Berlin: a vendor tool, governed by procurement. From then on it counts again.\n',
      );
      expect((await status()).sources[0]).toMatchObject({ discovered: 3, ignored: 1, unregistered: 2 });
      expect((await run('discover', 'list', '--state', 'ignored')).out).toContain(
        'ignored until 1 Apr 2099 (a vendor tool, governed by procurement)',
      );
      expect(await run('discover', 'ignore', 'zapier:z-1001', '--until', '2099-03-31')).toMatchObject({
        code: 2,
        err: expect.stringMatching(/Say why it is ignored/),
      });
      expect(await run('discover', 'ignore', 'zapier:z-1001', '--reason', 'x', '--until', 'next week')).toMatchObject({
        code: 2,
        err: expect.stringMatching(/like 2027-03-31: --until 2027-03-31 \("next week" is not one\)/),
      });
      expect(await run('discover', 'ignore', 'zapier:z-9', '--reason', 'x', '--until', '2099-01-01')).toMatchObject({
        code: 2,
        err: expect.stringMatching(/No discovered item is called "zapier:z-9"/),
      });
      expect(await run('discover', 'list', '--state', 'lost')).toMatchObject({
        code: 2,
        err: expect.stringMatching(/--state is one of new, asked/),
      });
    });

    test('status in words names the zone and what was scanned', async () => {
      expect((await run('discover', 'status')).out).toMatch(/No discovery source is configured/);
      await run('discover', 'import', '--source', 'zapier', 'zaps.csv');
      const words = (await run('discover', 'status')).out;
      expect(words).toMatch(/^Coverage: 0% of discovered items are registered \(0% weighted by permissions\)\.\n/);
      expect(words).toMatch(
        /zapier: 0%, 0 of 3 registered, 3 not, 0 ignored, 0 gone; last complete scan .* Europe\/Berlin\./,
      );
    });
  });
}
