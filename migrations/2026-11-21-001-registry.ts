import type { Kysely } from 'kysely';

/** The registry: apps, revisions, reviews, approvals and the hash-chained audit log. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('app')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(60)', (c) => c.notNull())
    .addColumn('name_key', 'varchar(60)', (c) => c.notNull().unique())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('owner', 'varchar(254)', (c) => c.notNull())
    .addColumn('backup_owner', 'varchar(254)')
    .addColumn('business_unit', 'varchar(100)', (c) => c.notNull())
    .addColumn('tier', 'integer', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('current_revision_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('approved_revision_id', 'varchar(36)')
    .addColumn('expires_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('app_status_name_idx').on('app').columns(['status', 'name_key']).execute();
  await db.schema.createIndex('app_owner_name_idx').on('app').columns(['owner', 'name_key']).execute();

  await db.schema
    .createTable('revision')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('app_id', 'varchar(36)', (c) => c.notNull().references('app.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('manifest', 'text', (c) => c.notNull())
    .addColumn('assessment', 'text', (c) => c.notNull())
    .addColumn('policy_version', 'varchar(100)', (c) => c.notNull())
    .addColumn('submitted_by', 'varchar(254)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('revision_app_number_unique', ['app_id', 'number'])
    .execute();

  await db.schema
    .createTable('review')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('app_id', 'varchar(36)', (c) => c.notNull().references('app.id'))
    .addColumn('revision_id', 'varchar(36)', (c) => c.notNull().references('revision.id'))
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('required_approvals', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('decided_by', 'varchar(254)')
    .addColumn('decided_at', 'varchar(30)')
    .addColumn('reason', 'text')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('review_status_idx').on('review').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('review_app_idx').on('review').column('app_id').execute();

  await db.schema
    .createTable('approval')
    .addColumn('review_id', 'varchar(36)', (c) => c.notNull().references('review.id'))
    .addColumn('approver', 'varchar(254)', (c) => c.notNull())
    .addColumn('role', 'varchar(80)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('approval_pk', ['review_id', 'approver'])
    .execute();

  await db.schema
    .createTable('audit_event')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('id', 'varchar(36)', (c) => c.notNull().unique())
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .addColumn('actor_platform', 'varchar(20)', (c) => c.notNull())
    .addColumn('actor_tenant', 'varchar(100)')
    .addColumn('actor_user', 'varchar(254)', (c) => c.notNull())
    .addColumn('action', 'varchar(80)', (c) => c.notNull())
    .addColumn('target_type', 'varchar(20)', (c) => c.notNull())
    .addColumn('target_id', 'varchar(100)', (c) => c.notNull())
    .addColumn('outcome', 'varchar(20)', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('policy_version', 'varchar(100)')
    .addColumn('risk_score', 'integer')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_event_target_idx').on('audit_event').columns(['target_id', 'seq']).execute();

  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull())
    .execute();
  await db
    .insertInto('audit_head')
    .values({ id: 1, seq: 0, hash: '0'.repeat(64) })
    .execute();
}

/** Drops the registry tables. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['audit_head', 'audit_event', 'approval', 'review', 'revision', 'app']) {
    await db.schema.dropTable(table).execute();
  }
}
