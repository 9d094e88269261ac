import type { Kysely, Transaction } from 'kysely';
import type { SiemCursors } from '../ports/siem-store';
import type { Tables } from './tables';

/** SIEM cursors moved by hand, over kysely, inside the caller's transaction. */
export function kyselySiemCursors(db: Kysely<Tables> | Transaction<Tables>): SiemCursors {
  return {
    async skip(sink, from, to) {
      const result = await db
        .updateTable('siem_cursor')
        .set({ seq: to, last_error: null, last_error_at: null })
        .where('sink', '=', sink)
        .where('seq', '=', from)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
