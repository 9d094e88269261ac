import type { Kysely } from 'kysely';

/**
 * The posture dashboard's figures without reading every manifest: one row per fact of each app's
 * current revision (`app_fact`: classification, data types, systems reached, hygiene fields),
 * filled here from the stored revisions and kept by every revision written after; and the indexes
 * its grouped queries read (apps by status and tier, by backup owner, revisions by submitter,
 * reviews by decision time).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('app_fact')
    .addColumn('app_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('value', 'varchar(200)', (c) => c.notNull())
    .addColumn('revision_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('secret', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('app_fact_pk', ['app_id', 'kind', 'value'])
    .execute();
  await db.schema.createIndex('app_status_tier_idx').on('app').columns(['status', 'tier']).execute();
  await db.schema.createIndex('app_backup_owner_idx').on('app').column('backup_owner').execute();
  await db.schema.createIndex('revision_submitter_idx').on('revision').columns(['submitted_by', 'app_id']).execute();
  await db.schema.createIndex('revision_app_idx').on('revision').columns(['app_id', 'number']).execute();
  await db.schema.createIndex('review_decided_idx').on('review').columns(['decided_at']).execute();
  await fillFacts(db);
}

export async function down(db: Kysely<any>): Promise<void> {
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

async function fillFacts(db: Kysely<any>): Promise<void> {
  let after = '';
  for (;;) {
    const rows: { id: string; revision_id: string; manifest: string }[] = await db
      .selectFrom('app')
      .innerJoin('revision', 'revision.id', 'app.current_revision_id')
      .select(['app.id as id', 'revision.id as revision_id', 'revision.manifest as manifest'])
      .where('app.id', '>', after)
      .orderBy('app.id')
      .limit(500)
      .execute();
    if (rows.length === 0) return;
    const facts = rows.flatMap((r) =>
      factsOf(JSON.parse(r.manifest) as StoredManifest).map((f) => ({
        app_id: r.id,
        revision_id: r.revision_id,
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
