import { sql } from 'kysely';
import type { AppRecord } from '../../src/domain/app-record';
import { AppError } from '../../src/domain/errors';
import type { Registry } from '../../src/ports/registry';
import { migrateToLatest } from '../../src/store/migrate';
import { openDatabase } from '../../src/store/open-database';
import { DIALECTS, createTestRegistry } from '../support/test-databases';

const at = '2026-11-21T10:00:00.000Z';

function app(name: string, over: Partial<AppRecord> = {}): AppRecord {
  return {
    id: `id-${name.toLowerCase().replace(/\W/g, '-')}`,
    name,
    status: 'approved',
    owner: 'ana@example.com',
    businessUnit: 'Ops',
    tier: 1,
    score: 0,
    currentRevisionId: 'r',
    createdAt: at,
    updatedAt: at,
    ...over,
  };
}

for (const dialect of DIALECTS) {
  describe(`registry store on ${dialect}`, () => {
    let registry: Awaited<ReturnType<typeof createTestRegistry>>;
    beforeEach(async () => {
      registry = await createTestRegistry(dialect);
    });
    afterEach(() => registry.close());

    const insert = (r: Registry, apps: AppRecord[]) =>
      r.transaction(async (tx) => {
        for (const a of apps) await tx.apps.insert(a);
      });

    test('migrations are idempotent', async () => {
      const db = openDatabase(registry.target);
      expect(await migrateToLatest(db)).toEqual([]);
      await db.destroy();
    });

    if (dialect === 'postgres')
      test('name search is backed by a trigram index on PostgreSQL', async () => {
        const db = openDatabase(registry.target);
        const { rows } = await sql<{
          indexname: string;
        }>`select indexname from pg_indexes where tablename = 'app'`.execute(db);
        await db.destroy();
        expect(rows.map((r) => r.indexname)).toContain('app_name_key_trgm');
      });

    test('apps round-trip, with optional fields absent rather than null', async () => {
      await insert(registry, [
        app('Alpha', { backupOwner: 'raj@example.com', expiresAt: '2027-11-21T10:00:00.000Z' }),
        app('Beta'),
      ]);
      expect(await registry.apps.find('ALPHA')).toEqual(
        app('Alpha', { backupOwner: 'raj@example.com', expiresAt: '2027-11-21T10:00:00.000Z' }),
      );
      expect(await registry.apps.find('id-beta')).toEqual(app('Beta'));
      expect(await registry.apps.find('gamma')).toBeUndefined();
    });

    test('a failing transaction writes nothing', async () => {
      await expect(
        registry.transaction(async (tx) => {
          await tx.apps.insert(app('Alpha'));
          await tx.audit.append(
            [
              {
                actor: { platform: 'cli', userId: 'x' },
                action: 'x',
                targetType: 'app',
                targetId: 'a',
                outcome: 'success',
              },
            ],
            at,
          );
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await registry.apps.find('Alpha')).toBeUndefined();
      expect(await registry.audit.head()).toEqual({ seq: 0, hash: '0'.repeat(64) });
    });

    test('a second app with the same name in another case is refused', async () => {
      await insert(registry, [app('Alpha')]);
      const error = await insert(registry, [app('aLPHA', { id: 'other' })]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('registration.name_taken');
    });

    test('lists page by name with a cursor, and filter by status, owner and search', async () => {
      const names = Array.from({ length: 25 }, (_, i) => `App ${String(i).padStart(2, '0')}`);
      await insert(
        registry,
        names.map((n, i) =>
          app(n, {
            status: i % 5 === 0 ? 'pending_review' : 'approved',
            owner: i % 2 ? 'odd@example.com' : 'even@example.com',
          }),
        ),
      );
      await insert(registry, [app('100%_done'), app('Zeta')]);

      const first = await registry.apps.list({ limit: 10 });
      expect(first.apps.map((a) => a.name)).toEqual(['100%_done', ...names.slice(0, 9)]);
      const second = await registry.apps.list({ limit: 10, after: first.next });
      expect(second.apps[0]!.name).toBe('App 09');
      const third = await registry.apps.list({ limit: 10, after: second.next });
      expect(third.apps.map((a) => a.name)).toEqual([...names.slice(19), 'Zeta']);
      expect(third.next).toBeUndefined();

      expect((await registry.apps.list({ limit: 50, status: 'pending_review' })).apps.map((a) => a.name)).toEqual([
        'App 00',
        'App 05',
        'App 10',
        'App 15',
        'App 20',
      ]);
      expect((await registry.apps.list({ limit: 50, owners: ['odd@example.com'] })).apps).toHaveLength(12);
      expect((await registry.apps.list({ limit: 50, search: 'p 1' })).apps.map((a) => a.name)).toEqual(
        names.slice(10, 20),
      );
      expect((await registry.apps.list({ limit: 50, search: '%_' })).apps.map((a) => a.name)).toEqual(['100%_done']);
    });

    test('a delivery key is claimed once, however many times it arrives at once', async () => {
      const claims = await Promise.all(Array.from({ length: 10 }, () => registry.inbound.claim('slack:event:Ev1', at)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await registry.inbound.claim('slack:event:Ev2', at)).toBe(true);
    });

    test('ping answers while the database is open and fails once it is closed', async () => {
      const own = await createTestRegistry(dialect);
      await expect(own.ping()).resolves.toBeUndefined();
      await own.close();
      await expect(own.ping()).rejects.toThrow();
    });
  });
}
