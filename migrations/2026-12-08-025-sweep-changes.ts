import type { Kysely } from 'kysely';

/**
 * What the incremental reminder sweep reads between full plans: apps changed since its last plan
 * (`updated_at`, `last_active_at`), apps whose dates cross a reminder's threshold (`expires_at`,
 * `created_at`), reminders sent since (`sent_at`) and purges confirmed since (`answered_at`), each
 * a range on its own index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('app_updated_idx').on('app').column('updated_at').execute();
  await db.schema.createIndex('app_active_idx').on('app').column('last_active_at').execute();
  await db.schema.createIndex('app_expires_idx').on('app').column('expires_at').execute();
  await db.schema.createIndex('app_created_idx').on('app').column('created_at').execute();
  await db.schema.createIndex('reminder_sent_idx').on('reminder').column('sent_at').execute();
  await db.schema.createIndex('purge_answer_answered_idx').on('purge_answer').column('answered_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [
    'purge_answer_answered_idx',
    'reminder_sent_idx',
    'app_created_idx',
    'app_expires_idx',
    'app_active_idx',
    'app_updated_idx',
  ])
    await db.schema.dropIndex(index).execute();
}
