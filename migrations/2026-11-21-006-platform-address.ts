import type { Kysely } from 'kysely';

/**
 * Where the bot can reach people and channels on a platform that needs stored addresses (a Teams
 * conversation reference per person, per named reviewer route, and the service URL per tenant).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('platform_address')
    .addColumn('platform', 'varchar(20)', (c) => c.notNull())
    .addColumn('key', 'varchar(300)', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('platform_address_pk', ['platform', 'key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('platform_address').execute();
}
