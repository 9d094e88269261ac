import type { Kysely } from 'kysely';

/** Exceptions to one policy rule for one app: granted for a few days with compensating controls, then ended. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('policy_exception')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('app_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('rule_id', 'varchar(80)', (c) => c.notNull())
    .addColumn('controls', 'text', (c) => c.notNull())
    .addColumn('granted_by', 'varchar(320)', (c) => c.notNull())
    .addColumn('granted_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('ended_at', 'varchar(30)')
    .addColumn('ended_by', 'varchar(320)')
    .execute();
  await db.schema
    .createIndex('policy_exception_expiry_idx')
    .on('policy_exception')
    .columns(['expires_at', 'ended_at'])
    .execute();
  await db.schema
    .createIndex('policy_exception_app_idx')
    .on('policy_exception')
    .columns(['app_id', 'ended_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('policy_exception').execute();
}
