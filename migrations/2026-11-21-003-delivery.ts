import type { Kysely } from 'kysely';

/** Keys of inbound platform deliveries already handled, so a redelivery does not repeat its effects. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('delivery')
    .addColumn('key', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('received_at', 'varchar(30)', (c) => c.notNull())
    .execute();
}

/** Drops the delivery table. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('delivery').execute();
}
