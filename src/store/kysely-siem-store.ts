import type { Kysely } from 'kysely';
import type { SiemAppTag, SiemStore } from '../ports/siem-store';
import type { Tables } from './tables';
import type { WritePath } from './write-path';

/** The SIEM forwarder's cursors and app lookups over kysely. */
export function kyselySiemStore(db: Kysely<Tables>, writes: WritePath): SiemStore {
  return {
    async claim(sink, owner, now, until) {
      return writes.transaction(async (trx) => {
        await trx
          .insertInto('siem_cursor')
          .values({ sink, lease_owner: null, lease_until: null, last_error: null, last_error_at: null, sent_at: null })
          .onConflict((oc) => oc.column('sink').doNothing())
          .execute();
        const row = await trx
          .updateTable('siem_cursor')
          .set({ lease_owner: owner, lease_until: until })
          .where('sink', '=', sink)
          .where((eb) =>
            eb.or([eb('lease_owner', 'is', null), eb('lease_owner', '=', owner), eb('lease_until', '<', now)]),
          )
          .returning('seq')
          .executeTakeFirst();
        return row ? Number(row.seq) : undefined;
      });
    },
    async advance(sink, owner, seq, at) {
      const result = await writes.write((w) =>
        w
          .updateTable('siem_cursor')
          .set({ seq, sent_at: at, last_error: null, last_error_at: null })
          .where('sink', '=', sink)
          .where('lease_owner', '=', owner)
          .executeTakeFirst(),
      );
      return Number(result.numUpdatedRows) > 0;
    },
    async release(sink, owner) {
      await writes.write((w) =>
        w
          .updateTable('siem_cursor')
          .set({ lease_owner: null, lease_until: null })
          .where('sink', '=', sink)
          .where('lease_owner', '=', owner)
          .execute(),
      );
    },
    async failed(sink, owner, error, at) {
      await writes.write((w) =>
        w
          .updateTable('siem_cursor')
          .set({ last_error: error.slice(0, 500), last_error_at: at })
          .where('sink', '=', sink)
          .where('lease_owner', '=', owner)
          .execute(),
      );
    },
    async states() {
      const rows = await db.selectFrom('siem_cursor').selectAll().orderBy('sink').execute();
      return rows.map((r) => ({
        sink: r.sink,
        seq: Number(r.seq),
        ...(r.last_error && { lastError: r.last_error }),
        ...(r.last_error_at && { lastErrorAt: r.last_error_at }),
        ...(r.sent_at && { sentAt: r.sent_at }),
      }));
    },
    async seqBefore(at) {
      const first = await db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.min('seq').as('seq'))
        .where('at', '>=', at)
        .executeTakeFirst();
      if (first?.seq !== null && first?.seq !== undefined) return Number(first.seq) - 1;
      const last = await db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirst();
      return Number(last?.seq ?? 0);
    },
    async appTags(appIds, reviewIds) {
      const tags = new Map<string, SiemAppTag>();
      const columns = ['app.id', 'app.name', 'app.tier', 'app.owner', 'person.email as ownerEmail'] as const;
      const tag = (r: { id: string; name: string; tier: number; owner: string; ownerEmail: string | null }) => ({
        id: r.id,
        name: r.name,
        tier: Number(r.tier),
        owner: r.owner,
        ...(r.ownerEmail && r.ownerEmail !== r.owner && { ownerEmail: r.ownerEmail }),
      });
      const apps = () =>
        db
          .selectFrom('app')
          .leftJoin('person_ref', 'person_ref.ref', 'app.owner')
          .leftJoin('person', 'person.id', 'person_ref.person_id');
      if (appIds.length > 0)
        for (const r of await apps().select(columns).where('app.id', 'in', appIds).execute()) tags.set(r.id, tag(r));
      if (reviewIds.length > 0)
        for (const r of await apps()
          .innerJoin('review', 'review.app_id', 'app.id')
          .select([...columns, 'review.id as reviewId'])
          .where('review.id', 'in', reviewIds)
          .execute())
          tags.set(r.reviewId, tag(r));
      return tags;
    },
  };
}
