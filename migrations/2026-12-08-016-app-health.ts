import type { Kysely } from 'kysely';

/**
 * Apps' health checks: the current state per app (status, since when, failures in a row, who was
 * told), a bounded history of checks per app, and the lease that keeps a round to one replica.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('app_health')
    .addColumn('app_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('since', 'varchar(30)', (c) => c.notNull())
    .addColumn('last_checked_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('alerted_at', 'varchar(30)')
    .addColumn('escalated_at', 'varchar(30)')
    .execute();
  await db.schema
    .createTable('app_health_check')
    .addColumn('app_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('at', 'varchar(30)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('ms', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('app_health_check_pk', ['app_id', 'at'])
    .execute();
  await db.schema
    .createTable('health_round')
    .addColumn('id', 'varchar(20)', (c) => c.primaryKey())
    .addColumn('lease_owner', 'varchar(64)')
    .addColumn('lease_until', 'varchar(30)')
    .addColumn('last_started_at', 'varchar(30)')
    .addColumn('last_complete_at', 'varchar(30)')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('health_round').execute();
  await db.schema.dropTable('app_health_check').execute();
  await db.schema.dropTable('app_health').execute();
}
