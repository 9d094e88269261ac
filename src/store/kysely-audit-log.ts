import type { Kysely, Transaction } from 'kysely';
import type { AuditLog } from '../ports/audit-log';
import { toAuditEvent } from './row-mapping';
import type { Tables } from './tables';

/** The audit chain over kysely, read wherever `db` is. */
export function kyselyAuditLog(db: Transaction<Tables> | Kysely<Tables>): AuditLog {
  return {
    async events(afterSeq, limit) {
      const rows = await db.selectFrom('audit_event').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
      return rows.map(toAuditEvent);
    },
    async head() {
      const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
      return head && { seq: Number(head.seq), hash: head.hash };
    },
  };
}
