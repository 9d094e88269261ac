import type { Kysely } from 'kysely';

/**
 * What the inactivity obligation needs: when each app last reported use (a heartbeat, or its owner
 * saying it is still in use), and the per-app tokens heartbeats carry. A token is stored only as
 * the SHA-256 hash of its secret, found by its public id; one is active per app at a time.
 * Apps registered before this change count as active when it runs: nothing could report use
 * before, so their quiet time starts now rather than every older app being asked at once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('app').addColumn('last_active_at', 'varchar(30)').execute();
  await db
    .updateTable('app')
    .set({ last_active_at: new Date().toISOString() })
    .where('status', '!=', 'decommissioned')
    .execute();
  await db.schema.createIndex('app_status_active_idx').on('app').columns(['status', 'last_active_at']).execute();
  await db.schema
    .createTable('app_token')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('app_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(320)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('revoked_at', 'varchar(30)')
    .addColumn('revoked_by', 'varchar(320)')
    .addColumn('last_used_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('app_token_app_idx').on('app_token').columns(['app_id', 'revoked_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('app_token').execute();
  await db.schema.dropIndex('app_status_active_idx').execute();
  await db.schema.alterTable('app').dropColumn('last_active_at').execute();
}
