import type { Kysely } from 'kysely';
import type { AuditCheckpoints } from '../ports/audit-checkpoints';
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
      return (
        row && {
          size: Number(row.size),
          root: row.root,
          note: row.note,
          frontier: row.frontier,
          createdAt: row.created_at,
        }
      );
    },
    async add(c) {
      const result = await writes.write((w) =>
        w
          .insertInto('audit_checkpoint')
          .values({ size: c.size, root: c.root, note: c.note, frontier: c.frontier, created_at: c.createdAt })
          .onConflict((oc) => oc.column('size').doNothing())
          .executeTakeFirst(),
      );
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
  };
}
