import type { Kysely } from 'kysely';

/** Every posted copy of an approval card, so a decision can update them all in place. */
export async function up(db: Kysely<any>): Promise<void> {
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

/** Drops the card_post table. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('card_post').execute();
}
