import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteDatabase } from '../../src/store/sqlite-database';
import { sql } from 'kysely';
import { createKyselyRegistry } from '../../src/store/kysely-registry';
import { openDatabase } from '../../src/store/open-database';
import { walSync } from '../../src/store/wal-sync';

describe('syncing the SQLite write-ahead log off the event loop', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'microapp-wal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('syncs the log of an open database, again after closing its handle, and closing twice is harmless', async () => {
    const file = join(dir, 'a.db');
    const raw = new SqliteDatabase(file);
    raw.pragma('journal_mode = WAL');
    raw.exec('create table t (x integer)');
    const wal = walSync(file);
    await wal.sync();
    raw.exec('insert into t values (1)');
    await wal.sync();
    await wal.close();
    await wal.sync();
    await wal.close();
    await wal.close();
    raw.close();
  });

  test('what the registry on an SQLite file stores (its sync left to the log sync) is there for another connection, which still syncs at commit', async () => {
    const target = { kind: 'sqlite' as const, file: join(dir, 'bot.db') };
    const registry = await createKyselyRegistry(target);
    const other = openDatabase(target);
    try {
      const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(other);
      expect(rows[0]!.synchronous).toBe(2);
      expect(
        await Promise.all(['a', 'b', 'c'].map((k) => registry.inbound.claim(k, '2026-11-21T10:00:00.000Z'))),
      ).toEqual([true, true, true]);
      expect(await registry.inbound.claim('a', '2026-11-21T10:00:01.000Z')).toBe(false);
      expect((await other.selectFrom('delivery').select('key').orderBy('key').execute()).map((r) => r.key)).toEqual([
        'a',
        'b',
        'c',
      ]);
    } finally {
      await other.destroy();
      await registry.close();
    }
  });
});
