import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The outbox (every outbound message, written in the transaction that caused it), the people
 * directory, and card copies addressed by an opaque platform address instead of a channel name.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('lane', 'varchar(300)', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'varchar(300)', (c) => c.unique())
    .addColumn('state', 'varchar(20)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('due_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('lease_owner', 'varchar(80)')
    .addColumn('lease_until', 'varchar(30)')
    .addColumn('send_started_at', 'varchar(30)')
    .addColumn('last_error', 'text')
    .addColumn('fix', 'text')
    .addColumn('message_ref', 'text')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('done_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('outbox_due_idx').on('outbox').columns(['state', 'due_at']).execute();

  await db.schema
    .createTable('person')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('email', 'varchar(254)', (c) => c.unique())
    .addColumn('display_name', 'varchar(200)')
    .addColumn('time_zone', 'varchar(64)')
    .addColumn('working_hours', 'varchar(40)')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('last_seen_at', 'varchar(30)')
    .addColumn('refreshed_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('person_ref')
    .addColumn('ref', 'varchar(300)', (c) => c.primaryKey())
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('person.id'))
    .execute();
  await db.schema.createIndex('person_ref_person_idx').on('person_ref').column('person_id').execute();

  await db.schema
    .createTable('card_copy')
    .addColumn('id', 'varchar(300)', (c) => c.primaryKey())
    .addColumn('review_id', 'varchar(36)', (c) => c.notNull().references('review.id'))
    .addColumn('platform', 'varchar(20)', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('message_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('posted_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('card_copy_review_idx').on('card_copy').columns(['review_id', 'posted_at']).execute();
  await sql`insert into card_copy (id, review_id, platform, address, message_id, posted_at)
    select review_id || ':' || platform || ':' || channel, review_id, platform, channel, message_id, posted_at from card_post`.execute(
    db,
  );
  await db.schema.dropTable('card_post').execute();
}

/** Drops the outbox, the directory and card copies (restoring the older card table, empty). */
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['card_copy', 'person_ref', 'person', 'outbox']) await db.schema.dropTable(table).execute();
  await db.schema
    .createTable('card_post')
    .addColumn('review_id', 'varchar(36)', (c) => c.notNull().references('review.id'))
    .addColumn('platform', 'varchar(20)', (c) => c.notNull())
    .addColumn('channel', 'varchar(200)', (c) => c.notNull())
    .addColumn('message_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('posted_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('card_post_pk', ['review_id', 'platform', 'channel'])
    .execute();
}
