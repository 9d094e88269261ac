import type { Kysely } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

/**
 * The posture dashboard's figures without reading every manifest: one row per fact of each app's
 * current revision (`app_fact`: classification, data types, systems reached, hygiene fields),
 * filled here from the stored revisions and kept by every revision written after. `live` says the
 * app may be running (approved, waiting for review, expired); a trigger keeps it in step with the
 * app's status whatever changes it, so the estate's counts are one scan of an index in order. Also
 * the indexes the other views read (apps by status and tier, by backup owner, revisions by
 * submitter and by app, reviews by decision time).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('app_fact')
    .addColumn('app_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('value', 'varchar(200)', (c) => c.notNull())
    .addColumn('revision_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('secret', 'integer', (c) => c.notNull())
    .addColumn('live', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('app_fact_pk', ['app_id', 'kind', 'value'])
    .execute();
  await db.schema
    .createIndex('app_fact_live_idx')
    .on('app_fact')
    .columns(['live', 'kind', 'value', 'secret'])
    .execute();
  await createLiveTrigger(db);
  await db.schema.createIndex('app_status_tier_idx').on('app').columns(['status', 'tier']).execute();
  await db.schema.createIndex('app_backup_owner_idx').on('app').column('backup_owner').execute();
  await db.schema.createIndex('revision_submitter_idx').on('revision').columns(['submitted_by', 'app_id']).execute();
  await db.schema.createIndex('revision_app_idx').on('revision').columns(['app_id', 'number']).execute();
  await db.schema.createIndex('review_decided_idx').on('review').columns(['decided_at']).execute();
  await fillFacts(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop trigger if exists app_fact_live on app`.execute(db);
    await sql`drop function if exists app_fact_live()`.execute(db);
  } else await sql`drop trigger if exists app_fact_live`.execute(db);
  await db.schema.dropIndex('app_fact_live_idx').ifExists().execute();
  await db.schema.dropIndex('review_decided_idx').execute();
  await db.schema.dropIndex('revision_app_idx').execute();
  await db.schema.dropIndex('revision_submitter_idx').execute();
  await db.schema.dropIndex('app_backup_owner_idx').execute();
  await db.schema.dropIndex('app_status_tier_idx').execute();
  await db.schema.dropTable('app_fact').execute();
}

interface StoredManifest {
  dataClassification?: string;
  dataTypes?: string[];
  integrations?: { system?: string; requiresSecret?: boolean }[];
  controls?: string[];
  retentionDays?: number;
  backupOwner?: string;
  healthEndpoint?: string;
}

/** The facts as this migration first wrote them (frozen: later changes live in src/domain/posture-facts.ts). */
function factsOf(m: StoredManifest): { kind: string; value: string; secret: number }[] {
  const facts = new Map<string, { kind: string; value: string; secret: number }>();
  const add = (kind: string, value: string, secret = 0) => {
    const key = `${kind}\u0000${value}`;
    facts.set(key, { kind, value, secret: Math.max(secret, facts.get(key)?.secret ?? 0) });
  };
  if (m.dataClassification) add('classification', m.dataClassification);
  for (const t of m.dataTypes ?? []) add('data_type', t);
  for (const i of m.integrations ?? [])
    if (i.system) add('system', i.system.trim().toLowerCase().slice(0, 200), i.requiresSecret ? 1 : 0);
  if (m.controls?.includes('logging')) add('has', 'logging');
  if (m.retentionDays !== undefined && m.retentionDays !== null) add('has', 'retention');
  if (m.backupOwner) add('has', 'backup_owner');
  if (m.healthEndpoint) add('has', 'health_endpoint');
  return [...facts.values()];
}

const LIVE = "case when new.status in ('approved', 'pending_review', 'expired') then 1 else 0 end";

/** After any change of an app's status, its facts' `live` follows (SQLite and PostgreSQL spell triggers apart). */
async function createLiveTrigger(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql
      .raw(
        `create function app_fact_live() returns trigger language plpgsql as $$ begin update app_fact set live = ${LIVE} where app_id = new.id; return new; end $$`,
      )
      .execute(db);
    await sql
      .raw('create trigger app_fact_live after update of status on app for each row execute function app_fact_live()')
      .execute(db);
  } else {
    await sql
      .raw(
        `create trigger app_fact_live after update of status on app begin update app_fact set live = ${LIVE} where app_id = new.id; end`,
      )
      .execute(db);
  }
}

async function fillFacts(db: Kysely<any>): Promise<void> {
  let after = '';
  for (;;) {
    const rows: { id: string; status: string; revision_id: string; manifest: string }[] = await db
      .selectFrom('app')
      .innerJoin('revision', 'revision.id', 'app.current_revision_id')
      .select(['app.id as id', 'app.status as status', 'revision.id as revision_id', 'revision.manifest as manifest'])
      .where('app.id', '>', after)
      .orderBy('app.id')
      .limit(500)
      .execute();
    if (rows.length === 0) return;
    const facts = rows.flatMap((r) =>
      factsOf(JSON.parse(r.manifest) as StoredManifest).map((f) => ({
        app_id: r.id,
        revision_id: r.revision_id,
        live: ['approved', 'pending_review', 'expired'].includes(r.status) ? 1 : 0,
        ...f,
      })),
    );
    for (let i = 0; i < facts.length; i += 1000)
      await db
        .insertInto('app_fact')
        .values(facts.slice(i, i + 1000))
        .execute();
    after = rows[rows.length - 1]!.id;
  }
}
