import type { Kysely } from 'kysely';

/** The last known members of the Slack user groups and Entra groups that roles name, and each group's last read. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('role_group')
    .addColumn('group_key', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('read_at', 'varchar(30)')
    .addColumn('attempted_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('problem', 'text')
    .addColumn('fix', 'text')
    .execute();
  await db.schema
    .createTable('role_group_member')
    .addColumn('group_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('member_key', 'varchar(320)', (c) => c.notNull())
    .addColumn('ref', 'varchar(320)')
    .addColumn('email', 'varchar(320)')
    .addColumn('display_name', 'varchar(400)')
    .addPrimaryKeyConstraint('role_group_member_pk', ['group_key', 'member_key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('role_group_member').execute();
  await db.schema.dropTable('role_group').execute();
}
