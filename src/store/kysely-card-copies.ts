import type { Kysely } from 'kysely';
import type { CardCopies } from '../ports/card-copies';
import type { MessageRef } from '../ports/messenger';
import type { Tables } from './tables';
import type { WritePath } from './write-path';

/** Review cards' posted copies over kysely, each write on its own through `writes`. */
export function kyselyCardCopies(db: Kysely<Tables>, writes: WritePath): CardCopies {
  return {
    async save(reviewId, copyId, ref, at) {
      await writes.write((w) =>
        w
          .insertInto('card_copy')
          .values({
            id: copyId,
            review_id: reviewId,
            platform: ref.platform,
            address: ref.address,
            message_id: ref.id,
            posted_at: at,
          })
          .onConflict((oc) => oc.column('id').doUpdateSet({ address: ref.address, message_id: ref.id, posted_at: at }))
          .execute(),
      );
    },
    async list(reviewId) {
      const rows = await db
        .selectFrom('card_copy')
        .selectAll()
        .where('review_id', '=', reviewId)
        .orderBy('posted_at')
        .execute();
      return rows.map((r) => ({
        platform: r.platform as MessageRef['platform'],
        address: r.address,
        id: r.message_id,
      }));
    },
  };
}
