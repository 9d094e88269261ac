import type { Kysely } from 'kysely';

/** Incidents reported against an app: who reported what and when, who acknowledged it, when its root cause was recorded. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('incident')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('app_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('opened_by', 'varchar(320)', (c) => c.notNull())
    .addColumn('opened_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('acknowledged_by', 'varchar(320)')
    .addColumn('acknowledged_at', 'varchar(30)')
    .addColumn('resolved_by', 'varchar(320)')
    .addColumn('resolved_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('incident_open_idx').on('incident').columns(['resolved_at', 'opened_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('incident').execute();
}
