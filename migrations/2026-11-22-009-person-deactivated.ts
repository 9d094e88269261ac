import type { Kysely } from 'kysely';

/** When a person's account was first seen deactivated; cleared when it is active again. Their apps become ownerless from then. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('person').addColumn('deactivated_at', 'varchar(30)').execute();
  await db.schema.createIndex('person_inactive_idx').on('person').columns(['active', 'deactivated_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('person_inactive_idx').execute();
  await db.schema.alterTable('person').dropColumn('deactivated_at').execute();
}
