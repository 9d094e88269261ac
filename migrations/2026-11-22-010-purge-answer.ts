import type { Kysely } from 'kysely';

/**
 * What the data-purge obligations need: each app's retention window (from its approved revision),
 * since when it has had test data in a sandbox that nobody has confirmed purged, and the owners'
 * answers (purged, or not purged) per cycle.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('app').addColumn('retention_days', 'integer').execute();
  await db.schema.alterTable('app').addColumn('sandbox_since', 'varchar(30)').execute();
  const rows: { id: string; manifest: string }[] = await db
    .selectFrom('app')
    .innerJoin('revision', 'revision.id', 'app.approved_revision_id')
    .select(['app.id as id', 'revision.manifest as manifest'])
    .execute();
  for (const row of rows) {
    const days = (JSON.parse(row.manifest) as { retentionDays?: unknown }).retentionDays;
    if (typeof days === 'number')
      await db.updateTable('app').set({ retention_days: days }).where('id', '=', row.id).execute();
  }
  await db.schema
    .createTable('purge_answer')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('app_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('obligation', 'varchar(20)', (c) => c.notNull())
    .addColumn('cycle', 'varchar(64)', (c) => c.notNull())
    .addColumn('outcome', 'varchar(20)', (c) => c.notNull())
    .addColumn('answered_by', 'varchar(320)', (c) => c.notNull())
    .addColumn('answered_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('purge_answer_cycle_idx')
    .on('purge_answer')
    .columns(['obligation', 'cycle', 'app_id'])
    .execute();
  await db.schema.createIndex('app_retention_idx').on('app').columns(['retention_days']).execute();
  await db.schema.createIndex('app_sandbox_idx').on('app').columns(['sandbox_since']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('purge_answer').execute();
  await db.schema.dropIndex('app_sandbox_idx').execute();
  await db.schema.dropIndex('app_retention_idx').execute();
  await db.schema.alterTable('app').dropColumn('sandbox_since').execute();
  await db.schema.alterTable('app').dropColumn('retention_days').execute();
}
