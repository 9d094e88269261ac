import type { SqliteConnection } from '../../src/store/sqlite-database';
import { SqliteDatabase } from '../../src/store/sqlite-database';
import { Kysely, SqliteDialect } from 'kysely';
import { cachedStatements } from '../../src/store/cached-statements';

describe('cached prepared statements', () => {
  let raw: SqliteConnection;
  let prepared: string[];
  const counting = () => ({
    close: () => raw.close(),
    prepare: (sql: string) => {
      prepared.push(sql);
      return raw.prepare(sql);
    },
  });
  beforeEach(() => {
    raw = new SqliteDatabase(':memory:');
    raw.exec(
      "create table t (id integer primary key, v text); insert into t (id, v) values (1, 'a'), (2, 'b'), (3, 'c')",
    );
    prepared = [];
  });
  afterEach(() => {
    if (raw.open) raw.close();
  });

  test('the same SQL is prepared once and gives the same answers', () => {
    const cache = cachedStatements(counting());
    const select = 'select v from t where id = ?';
    expect(cache.prepare(select).all([1])).toEqual([{ v: 'a' }]);
    expect(cache.prepare(select).all([2])).toEqual([{ v: 'b' }]);
    expect(cache.prepare('update t set v = ? where id = ?').run(['z', 2]).changes).toBe(1);
    expect(cache.prepare(select).all([2])).toEqual([{ v: 'z' }]);
    expect(prepared).toEqual([select, 'update t set v = ? where id = ?']);
  });

  test('past its size the least recently used statement is dropped', () => {
    const cache = cachedStatements(counting(), 2);
    const [a, b, c] = ['select 1', 'select 2', 'select 3'];
    for (const sql of [a, b, a, c, a, b]) cache.prepare(sql);
    expect(prepared).toEqual([a, b, c, b]);
  });

  test('a statement still being iterated is not handed out again', () => {
    const cache = cachedStatements(counting());
    const select = 'select id from t order by id';
    const rows = cache.prepare(select).iterate([]);
    expect(rows.next().value).toEqual({ id: 1 });
    expect(cache.prepare(select).all([])).toHaveLength(3);
    expect([...rows]).toEqual([{ id: 2 }, { id: 3 }]);
    expect(prepared).toEqual([select, select]);
  });

  test('kysely runs on it, and closing it closes the database', async () => {
    const db = new Kysely<{ t: { id: number; v: string } }>({
      dialect: new SqliteDialect({ database: cachedStatements(counting()) }),
    });
    for (const id of [1, 2, 3]) await db.selectFrom('t').select('v').where('id', '=', id).executeTakeFirstOrThrow();
    expect(prepared.filter((s) => s.startsWith('select'))).toHaveLength(1);
    await db.destroy();
    expect(raw.open).toBe(false);
  });
});
