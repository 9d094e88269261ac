import type { Kysely } from 'kysely';

/** One-time dashboard sign-in links and signed-in sessions: both stored only as SHA-256 hashes of their secrets. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sign_in_link')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('email', 'varchar(320)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(320)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('used_at', 'varchar(30)')
    .execute();
  await db.schema.createIndex('sign_in_link_expiry_idx').on('sign_in_link').column('expires_at').execute();
  await db.schema
    .createTable('dashboard_session')
    .addColumn('id_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('email', 'varchar(320)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('dashboard_session_expiry_idx').on('dashboard_session').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('dashboard_session').execute();
  await db.schema.dropTable('sign_in_link').execute();
}
