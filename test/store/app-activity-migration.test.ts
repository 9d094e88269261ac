import { Migrator } from 'kysely/migration';
import { migrations } from '../../migrations';
import { migrateToLatest } from '../../src/store/migrate';
import { openDatabase } from '../../src/store/open-database';
import { DIALECTS, createTestDatabase } from '../support/test-databases';

const BEFORE = '2026-11-22-010-purge-answer';

for (const dialect of DIALECTS) {
  test(`apps registered before activity tracking count as active from the upgrade, decommissioned ones not, on ${dialect}`, async () => {
    const database = await createTestDatabase(dialect);
    const db = openDatabase(database.target);
    try {
      const earlier = Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= BEFORE));
      const { error } = await new Migrator({ db, provider: { getMigrations: async () => earlier } }).migrateToLatest();
      expect(error).toBeUndefined();
      const row = (id: string, status: string) => ({
        id,
        name: id,
        name_key: id,
        status,
        owner: 'ana@example.com',
        backup_owner: null,
        business_unit: 'Ops',
        tier: 1,
        score: 1,
        current_revision_id: 'r',
        approved_revision_id: null,
        expires_at: null,
        created_at: '2025-01-01T00:00:00.000Z',
        updated_at: '2025-01-01T00:00:00.000Z',
        retention_days: null,
        sandbox_since: null,
      });
      await db
        .insertInto('app')
        .values([row('live', 'approved'), row('gone', 'decommissioned')] as never)
        .execute();
      const upgradedFrom = Date.now();
      expect(await migrateToLatest(db)).toContain('2026-11-22-011-app-activity');
      const rows = await db.selectFrom('app').select(['id', 'last_active_at']).orderBy('id').execute();
      expect(rows[0]).toEqual({ id: 'gone', last_active_at: null });
      expect(Date.parse(rows[1]!.last_active_at!)).toBeGreaterThanOrEqual(upgradedFrom - 1000);
    } finally {
      await db.destroy();
      await database.drop();
    }
  });
}
