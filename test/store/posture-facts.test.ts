import { Migrator } from 'kysely/migration';
import { migrations } from '../../migrations';
import type { Actor } from '../../src/domain/actor';
import { migrateToLatest } from '../../src/store/migrate';
import { openDatabase } from '../../src/store/open-database';
import { clockedCore } from '../support/clocked-core';
import { tier2, tier3 } from '../support/manifests';
import { DIALECTS, createTestDatabase } from '../support/test-databases';

const owner: Actor = { platform: 'slack', userId: 'UOWNER' };
const reviewer: Actor = { platform: 'slack', userId: 'UREVIEWER' };
const BEFORE = '2026-12-07-014-discovered-item';

for (const dialect of DIALECTS) {
  describe(`posture facts on ${dialect}`, () => {
    test('follow the current revision and the app status, whatever changes them', async () => {
      const { core, registry } = await clockedCore(dialect, '2026-12-01T10:00:00.000Z');
      try {
        const counts = async () =>
          (await registry.posture.liveFactCounts()).map((f) => `${f.kind}:${f.value}=${f.apps}/${f.withSecret}`).sort();
        await core.submitRegistration(tier2({ name: 'Renewal nudger' }), owner);
        expect(await counts()).toEqual(['classification:internal=1/0', 'has:backup_owner=1/0', 'has:logging=1/0']);
        const review = (await core.appDetails('Renewal nudger'))!.review!;
        await core.decideReview({ reviewId: review.id, actor: reviewer, verdict: 'approve' });
        await core.updateApp(
          'Renewal nudger',
          tier3({
            integrations: [{ system: 'Salesforce', access: 'read', requiresSecret: true }],
            controls: ['incidentContact', 'encryption', 'dlp', 'logging', 'rollback', 'vaultSecrets'],
          }),
          owner,
        );
        expect(await counts()).toEqual([
          'classification:confidential=1/0',
          'data_type:customer=1/0',
          'has:backup_owner=1/0',
          'has:health_endpoint=1/0',
          'has:logging=1/0',
          'has:retention=1/0',
          'system:salesforce=1/1',
        ]);
        const app = (await core.findApp('Renewal nudger'))!;
        await registry.transaction((tx) => tx.apps.update(app.id, { status: 'rejected' }));
        expect(await counts()).toEqual([]);
        await registry.transaction((tx) => tx.apps.update(app.id, { status: 'approved' }));
        expect(await counts()).toHaveLength(7);
        expect(await registry.posture.appCount(['approved'])).toBe(1);
      } finally {
        await registry.close();
      }
    });

    test('the migration fills them from the revisions already stored', async () => {
      const database = await createTestDatabase(dialect);
      const db = openDatabase(database.target);
      try {
        const earlier = Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= BEFORE));
        const { error } = await new Migrator({
          db,
          provider: { getMigrations: async () => earlier },
        }).migrateToLatest();
        expect(error).toBeUndefined();
        const app = (id: string, status: string) => ({
          id,
          name: id,
          name_key: id,
          status,
          owner: 'ana@example.com',
          backup_owner: null,
          business_unit: 'Ops',
          tier: 1,
          score: 1,
          current_revision_id: `r-${id}`,
          approved_revision_id: null,
          expires_at: null,
          created_at: '2025-01-01T00:00:00.000Z',
          updated_at: '2025-01-01T00:00:00.000Z',
          retention_days: null,
          sandbox_since: null,
          last_active_at: null,
        });
        await db
          .insertInto('app')
          .values([app('a1', 'approved'), app('a2', 'decommissioned')])
          .execute();
        const manifest = JSON.stringify({
          dataClassification: 'regulated',
          dataTypes: ['health'],
          integrations: [{ system: 'EHR ', access: 'read', requiresSecret: true }],
          controls: ['logging'],
        });
        await db
          .insertInto('revision')
          .values(
            ['a1', 'a2'].map((id) => ({
              id: `r-${id}`,
              app_id: id,
              number: 1,
              manifest,
              assessment: '{}',
              policy_version: 'v1',
              submitted_by: 'ana@example.com',
              created_at: '2025-01-01T00:00:00.000Z',
            })),
          )
          .execute();
        expect(await migrateToLatest(db)).toContain('2026-12-08-018-posture-facts');
        const rows = await db
          .selectFrom('app_fact')
          .select(['app_id', 'kind', 'value', 'secret', 'live'])
          .orderBy('app_id')
          .orderBy('kind')
          .execute();
        expect(rows.map((r) => `${r.app_id} ${r.kind}:${r.value} secret=${r.secret} live=${r.live}`)).toEqual([
          'a1 classification:regulated secret=0 live=1',
          'a1 data_type:health secret=0 live=1',
          'a1 has:logging secret=0 live=1',
          'a1 system:ehr secret=1 live=1',
          'a2 classification:regulated secret=0 live=0',
          'a2 data_type:health secret=0 live=0',
          'a2 has:logging secret=0 live=0',
          'a2 system:ehr secret=1 live=0',
        ]);
      } finally {
        await db.destroy();
        await database.drop();
      }
    });
  });
}
