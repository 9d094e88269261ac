import type { Kysely } from 'kysely';

/**
 * How far each SIEM sink has been sent the audit log: the last event's sequence number it
 * acknowledged, the replica holding the sink (a lease), and the last error while it fails.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('siem_cursor')
    .addColumn('sink', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_owner', 'varchar(64)')
    .addColumn('lease_until', 'varchar(30)')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'varchar(30)')
    .addColumn('sent_at', 'varchar(30)')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('siem_cursor').execute();
}
