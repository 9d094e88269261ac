import type { InboundDeliveries } from '../ports/inbound-deliveries';
import type { WritePath } from './write-path';

/** Inbound delivery keys over kysely; `write` runs each statement (the write path's, or the caller's transaction). */
export function kyselyInboundDeliveries(write: WritePath['write']): InboundDeliveries {
  return {
    async claim(key, at) {
      const result = await write((w) =>
        w
          .insertInto('delivery')
          .values({ key, received_at: at })
          .onConflict((oc) => oc.column('key').doNothing())
          .executeTakeFirst(),
      );
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async purge(before) {
      const result = await write((w) => w.deleteFrom('delivery').where('received_at', '<', before).executeTakeFirst());
      return Number(result.numDeletedRows);
    },
  };
}
