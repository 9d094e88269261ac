import type { Kysely } from 'kysely';

/**
 * Signed checkpoints of the audit log: for each, how many events it covers, their Merkle root, the
 * signed note as published, and the tree's right edge so the next checkpoint reads only newer events.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_checkpoint')
    .addColumn('size', 'bigint', (c) => c.primaryKey())
    .addColumn('root', 'varchar(64)', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('frontier', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_checkpoint').execute();
}
