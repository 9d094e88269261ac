import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqliteConnection } from '../../src/store/sqlite-database';
import { SqliteDatabase } from '../../src/store/sqlite-database';
import { Kysely, SqliteDialect } from 'kysely';
import { groupCommit } from '../../src/store/group-commit';

interface Db {
  note: { id: number; text: string };
}

describe('group commit on SQLite', () => {
  let dir: string;
  let file: string;
  let raw: SqliteConnection;
  let db: Kysely<Db>;
  let statements: string[];
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'microapp-group-'));
    file = join(dir, 'test.db');
    raw = new SqliteDatabase(file);
    raw.pragma('journal_mode = WAL');
    raw.exec('create table note (id integer primary key, text text not null unique)');
    statements = [];
    const seen = {
      close: () => raw.close(),
      prepare: (sql: string) => {
        statements.push(sql);
        return raw.prepare(sql);
      },
    };
    db = new Kysely<Db>({ dialect: new SqliteDialect({ database: seen }) });
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const insert =
    (id: number, text = `note ${id}`) =>
    (trx: Kysely<Db>) =>
      trx
        .insertInto('note')
        .values({ id, text })
        .execute()
        .then(() => id);
  const commits = () => statements.filter((s) => s === 'commit').length;
  const stored = () => {
    const other = new SqliteDatabase(file, { readonly: true });
    try {
      return (other.prepare('select id from note order by id').all() as { id: number }[]).map((r) => r.id);
    } finally {
      other.close();
    }
  };

  test('units sent together share one commit, and each resolves with its own result once it is on disk', async () => {
    const run = groupCommit(db);
    const results = await Promise.all([1, 2, 3, 4, 5].map((id) => run(insert(id))));
    expect(results).toEqual([1, 2, 3, 4, 5]);
    expect(commits()).toBe(1);
    expect(stored()).toEqual([1, 2, 3, 4, 5]);
  });

  test('a unit that throws is rolled back alone and rejected with its own error', async () => {
    const run = groupCommit(db);
    const changesMind = async (trx: Kysely<Db>) => {
      await insert(10)(trx);
      throw new Error('changed my mind');
    };
    const outcomes = await Promise.allSettled([
      run(insert(1)),
      run(changesMind),
      run(insert(2)),
      run(insert(11, 'note 1')),
      run(insert(3)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error('changed my mind'));
    expect((outcomes[3] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
    expect(commits()).toBe(1);
    expect(stored()).toEqual([1, 2, 3]);
  });

  test('a lone unit runs in a plain transaction and nothing of it stays when it throws', async () => {
    const run = groupCommit(db);
    await expect(
      run(async (trx) => {
        await insert(1)(trx);
        await insert(2)(trx);
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(await run(insert(3))).toBe(3);
    expect(statements.some((s) => s.startsWith('savepoint'))).toBe(false);
    expect(stored()).toEqual([3]);
  });

  test('units that arrive while a group is running form the next group', async () => {
    const run = groupCommit(db);
    let later: Promise<number[]> | undefined;
    const first = run(async (trx) => {
      later = Promise.all([run(insert(2)), run(insert(3))]);
      return insert(1)(trx);
    });
    expect(await first).toBe(1);
    expect(await later).toEqual([2, 3]);
    expect(commits()).toBe(2);
    expect(stored()).toEqual([1, 2, 3]);
  });

  test('a group is no bigger than asked', async () => {
    const run = groupCommit(db, { maxGroup: 2 });
    await Promise.all([1, 2, 3, 4, 5].map((id) => run(insert(id))));
    expect(commits()).toBe(3);
    expect(stored()).toEqual([1, 2, 3, 4, 5]);
  });

  test('units settle, and this process reads them, only after the sync that follows their commit; a failed sync fails the group', async () => {
    let syncs = 0;
    let release: () => void = () => undefined;
    const run = groupCommit(db, {
      afterCommit: () =>
        new Promise<void>((resolve) => {
          release = resolve;
          syncs++;
        }),
    });
    let settled = false;
    const both = Promise.all([run(insert(1)), run(insert(2))]).finally(() => (settled = true));
    while (syncs === 0) await new Promise((r) => setImmediate(r));
    expect(stored()).toEqual([1, 2]);
    let read = false;
    const reading = db
      .selectFrom('note')
      .select('id')
      .execute()
      .then(() => (read = true));
    await new Promise((r) => setTimeout(r, 20));
    expect([settled, read]).toEqual([false, false]);
    release();
    expect(await both).toEqual([1, 2]);
    await reading;

    const failing = groupCommit(db, { afterCommit: async () => Promise.reject(new Error('disk gone')) });
    await expect(failing(insert(3))).rejects.toThrow('disk gone');
  });
});
