import type { Kysely } from 'kysely';

/**
 * Claim in chat: who was asked about a discovered item and when, who answered and when, when its
 * creator was found unreachable in chat, and when the admins were told about it (an unknown
 * creator, a "Not mine", or no answer in time).
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const [column, type] of [
    ['asked_at', 'varchar(30)'],
    ['asked_person', 'varchar(320)'],
    ['answered_by', 'varchar(320)'],
    ['answered_at', 'varchar(30)'],
    ['admin_notified_at', 'varchar(30)'],
    ['creator_unreachable_at', 'varchar(30)'],
  ] as const)
    await db.schema.alterTable('discovered_item').addColumn(column, type).execute();
  await db.schema
    .createIndex('discovered_item_asked_idx')
    .on('discovered_item')
    .columns(['asked_person', 'asked_at'])
    .execute();
  await db.schema.createIndex('discovered_item_claim_idx').on('discovered_item').columns(['claim']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('discovered_item_claim_idx').execute();
  await db.schema.dropIndex('discovered_item_asked_idx').execute();
  for (const column of [
    'creator_unreachable_at',
    'admin_notified_at',
    'answered_at',
    'answered_by',
    'asked_person',
    'asked_at',
  ])
    await db.schema.alterTable('discovered_item').dropColumn(column).execute();
}
