import type { Kysely, Transaction } from 'kysely';
import type { RevisionRecord } from '../domain/app-record';
import type { Manifest } from '../domain/manifest';
import type { RevisionStore } from '../ports/revision-store';
import { listAppRefs } from './kysely-app-external-refs';
import { keepPostureFacts } from './keep-posture-facts';
import { batchedLists } from './batched-lists';
import { toRevision } from './row-mapping';
import type { Tables } from './tables';

/** Revisions over kysely, inside the caller's transaction. */
export function kyselyRevisionStore(
  db: Transaction<Tables> | Kysely<Tables>,
  dialect: 'sqlite' | 'postgres',
): RevisionStore {
  const { batches, isIn } = batchedLists(dialect);
  return {
    async insert(r) {
      await db
        .insertInto('revision')
        .values({
          id: r.id,
          app_id: r.appId,
          number: r.number,
          manifest: JSON.stringify(r.manifest),
          assessment: JSON.stringify(r.assessment),
          policy_version: r.assessment.policyVersion,
          submitted_by: r.submittedBy,
          created_at: r.createdAt,
        })
        .execute();
      if (r.number > 1 || r.manifest.externalRefs?.length)
        await listAppRefs(db, r.appId, r.manifest.externalRefs ?? [], r.createdAt);
      await keepPostureFacts(db, r.appId, r.id, r.manifest);
    },
    async find(id) {
      const row = await db.selectFrom('revision').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRevision(row);
    },
    async findMany(ids) {
      const found = new Map<string, RevisionRecord>();
      for (const chunk of batches([...ids]))
        for (const row of await db.selectFrom('revision').selectAll().where(isIn('id', chunk)).execute())
          found.set(row.id, toRevision(row));
      return found;
    },
    async manifests(ids) {
      const found = new Map<string, Manifest>();
      for (const chunk of batches([...ids]))
        for (const r of await db.selectFrom('revision').select(['id', 'manifest']).where(isIn('id', chunk)).execute())
          found.set(r.id, JSON.parse(r.manifest) as Manifest);
      return found;
    },
  };
}
