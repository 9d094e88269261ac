import type { Kysely } from 'kysely';

/** What owners say an app is worth when they re-certify it: hours saved a month and people using it, per revision. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('app_value')
    .addColumn('app_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('revision_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('hours_saved_per_month', 'real')
    .addColumn('users', 'integer')
    .addColumn('answered_by', 'varchar(320)', (c) => c.notNull())
    .addColumn('answered_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('app_value_app_idx').on('app_value').columns(['app_id', 'answered_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('app_value').execute();
}
