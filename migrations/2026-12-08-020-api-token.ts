import type { Kysely } from 'kysely';

/**
 * The REST API's credentials and memory: API tokens (hashes only, with their scopes), responses
 * kept under an `Idempotency-Key` so a retry never registers twice, and the ids of CI identity
 * tokens already used, so a replayed one is refused.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('api_token')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('scopes', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(320)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('revoked_at', 'varchar(30)')
    .addColumn('revoked_by', 'varchar(320)')
    .addColumn('last_used_at', 'varchar(30)')
    .execute();
  await db.schema
    .createTable('api_idempotency')
    .addColumn('key', 'varchar(200)', (c) => c.notNull())
    .addColumn('principal', 'varchar(300)', (c) => c.notNull())
    .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addPrimaryKeyConstraint('api_idempotency_pk', ['key', 'principal'])
    .execute();
  await db.schema.createIndex('api_idempotency_created_idx').on('api_idempotency').column('created_at').execute();
  await db.schema
    .createTable('ci_token_use')
    .addColumn('jti', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('expires_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ci_token_use_expires_idx').on('ci_token_use').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ci_token_use').execute();
  await db.schema.dropTable('api_idempotency').execute();
  await db.schema.dropTable('api_token').execute();
}
