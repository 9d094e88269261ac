import type { Kysely } from 'kysely';

/**
 * Reminders: one row per (app, obligation, cycle, stage, recipient), so a stage is asked once
 * whatever happens to the process. Rows wait as `pending` until the recipient's working hours,
 * then go out in that person's digest (`sent`), or are `superseded` by a later stage of the same
 * cycle, or `cancelled` when the obligation is met.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reminder')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('app_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('obligation', 'varchar(40)', (c) => c.notNull())
    .addColumn('cycle', 'varchar(64)', (c) => c.notNull())
    .addColumn('stage', 'varchar(40)', (c) => c.notNull())
    .addColumn('recipient', 'varchar(320)', (c) => c.notNull())
    .addColumn('due_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('send_after', 'varchar(30)', (c) => c.notNull())
    .addColumn('state', 'varchar(20)', (c) => c.notNull())
    .addColumn('escalated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sends', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('digest_id', 'varchar(64)')
    .addColumn('sent_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addUniqueConstraint('reminder_stage_uq', ['app_id', 'obligation', 'cycle', 'stage', 'recipient'])
    .execute();
  await db.schema.createIndex('reminder_pending_idx').on('reminder').columns(['state', 'send_after']).execute();
  await db.schema.createIndex('reminder_digest_idx').on('reminder').column('digest_id').execute();
  await db.schema.createIndex('app_status_expiry_idx').on('app').columns(['status', 'expires_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('app_status_expiry_idx').execute();
  await db.schema.dropTable('reminder').execute();
}
