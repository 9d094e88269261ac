import type { Kysely, Selectable, Transaction } from 'kysely';
import type { SiemCursorState, SiemCursors } from '../ports/siem-store';
import type { Tables } from './tables';

/** SIEM cursors moved by hand, over kysely, inside the caller's transaction. */
export function kyselySiemCursors(db: Kysely<Tables> | Transaction<Tables>): SiemCursors {
  return {
    async state(sink) {
      const r = await db.selectFrom('siem_cursor').selectAll().where('sink', '=', sink).executeTakeFirst();
      return r && toCursorState(r);
    },
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

/** A cursor row as the ports describe it. */
export function toCursorState(r: Selectable<Tables['siem_cursor']>): SiemCursorState {
  return {
    sink: r.sink,
    seq: Number(r.seq),
    ...(r.last_error && { lastError: r.last_error }),
    ...(r.last_error_at && { lastErrorAt: r.last_error_at }),
    ...(r.sent_at && { sentAt: r.sent_at }),
  };
}
