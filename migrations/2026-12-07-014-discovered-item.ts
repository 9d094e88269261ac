import type { Kysely } from 'kysely';

/**
 * What discovery sources find, kept apart from the registry: one row per item, the progress of each
 * source's scan (so a scan cut short resumes from its cursor), and the refs each app's latest revision lists.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('discovered_item')
    .addColumn('ref', 'varchar(600)', (c) => c.primaryKey())
    .addColumn('source', 'varchar(80)', (c) => c.notNull())
    .addColumn('external_id', 'varchar(500)', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('people', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)')
    .addColumn('last_modified_at', 'varchar(30)')
    .addColumn('last_used_at', 'varchar(30)')
    .addColumn('url', 'text')
    .addColumn('permissions', 'text', (c) => c.notNull())
    .addColumn('weight', 'integer', (c) => c.notNull())
    .addColumn('first_seen_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('last_seen_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('seen_in_scan', 'varchar(64)', (c) => c.notNull())
    .addColumn('missed_scans', 'integer', (c) => c.notNull())
    .addColumn('gone_at', 'varchar(30)')
    .addColumn('claim', 'varchar(20)', (c) => c.notNull())
    .addColumn('ignored_reason', 'text')
    .addColumn('ignored_until', 'varchar(30)')
    .addColumn('ignored_by', 'varchar(320)')
    .addColumn('ignored_at', 'varchar(30)')
    .execute();
  await db.schema
    .createIndex('discovered_item_source_idx')
    .on('discovered_item')
    .columns(['source', 'seen_in_scan'])
    .execute();
  await db.schema.createIndex('discovered_item_external_idx').on('discovered_item').column('external_id').execute();
  await db.schema
    .createTable('discovery_scan')
    .addColumn('source', 'varchar(80)', (c) => c.primaryKey())
    .addColumn('scan_id', 'varchar(64)')
    .addColumn('cursor', 'text')
    .addColumn('started_at', 'varchar(30)')
    .addColumn('pages', 'integer', (c) => c.notNull())
    .addColumn('last_complete_at', 'varchar(30)')
    .addColumn('error_code', 'varchar(80)')
    .addColumn('error_fix', 'text')
    .addColumn('error_at', 'varchar(30)')
    .addColumn('error_retry_at', 'varchar(30)')
    .addColumn('lease_owner', 'varchar(64)')
    .addColumn('lease_until', 'varchar(30)')
    .execute();
  await db.schema
    .createTable('app_external_ref')
    .addColumn('ref', 'varchar(600)', (c) => c.notNull())
    .addColumn('app_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('listed_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('app_external_ref_pk', ['ref', 'app_id'])
    .execute();
  await db.schema.createIndex('app_external_ref_app_idx').on('app_external_ref').column('app_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('app_external_ref').execute();
  await db.schema.dropTable('discovery_scan').execute();
  await db.schema.dropTable('discovered_item').execute();
}
