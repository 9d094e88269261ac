import type { Kysely, Selectable } from 'kysely';
import type { StoredCheckpoint } from '../ports/audit-checkpoints';
import type { AuditCheckpoints } from '../ports/audit-checkpoints';
import { insertOutboxRows } from './kysely-outbox';
import type { Tables } from './tables';
import type { WritePath } from './write-path';

/** Audit checkpoints over kysely. */
export function kyselyAuditCheckpoints(db: Kysely<Tables>, writes: WritePath): AuditCheckpoints {
  return {
    async latest() {
      const row = await db
        .selectFrom('audit_checkpoint')
        .selectAll()
        .orderBy('size', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toCheckpoint(row);
    },
    async find(size) {
      const row = await db.selectFrom('audit_checkpoint').selectAll().where('size', '=', size).executeTakeFirst();
      return row && toCheckpoint(row);
    },
    add(c, announce = []) {
      return writes.transaction(async (trx) => {
        const result = await trx
          .insertInto('audit_checkpoint')
          .values({ size: c.size, root: c.root, note: c.note, frontier: c.frontier, created_at: c.createdAt })
          .onConflict((oc) => oc.column('size').doNothing())
          .executeTakeFirst();
        const added = Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
        if (added && announce.length) await insertOutboxRows(trx, announce, c.createdAt);
        return added;
      });
    },
  };
}

function toCheckpoint(row: Selectable<Tables['audit_checkpoint']>): StoredCheckpoint {
  return { size: Number(row.size), root: row.root, note: row.note, frontier: row.frontier, createdAt: row.created_at };
}
