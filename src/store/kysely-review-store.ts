import type { Kysely, Transaction } from 'kysely';
import type { ReviewStore } from '../ports/review-store';
import { batchedLists } from './batched-lists';
import { toReview } from './row-mapping';
import type { Tables } from './tables';

/** Reviews and approvals over kysely, inside the caller's transaction. */
export function kyselyReviewStore(
  db: Transaction<Tables> | Kysely<Tables>,
  dialect: 'sqlite' | 'postgres',
): ReviewStore {
  const { batches, isIn } = batchedLists(dialect);
  const withApprovals = async (rows: Tables['review'][]) => {
    const approvals = new Map<string, Tables['approval'][]>();
    for (const chunk of batches(rows.map((r) => r.id)))
      for (const a of await db.selectFrom('approval').selectAll().where(isIn('review_id', chunk)).execute())
        approvals.set(a.review_id, [...(approvals.get(a.review_id) ?? []), a]);
    return rows.map((r) => toReview(r, approvals.get(r.id) ?? []));
  };
  const reviews: ReviewStore = {
    async open(limit) {
      return withApprovals(
        await db
          .selectFrom('review')
          .selectAll()
          .where('status', '=', 'open')
          .orderBy('created_at')
          .limit(limit)
          .execute(),
      );
    },
    async *openPages(size) {
      let last: Tables['review'] | undefined;
      for (;;) {
        let query = db.selectFrom('review').selectAll().where('status', '=', 'open');
        if (last) {
          const { created_at, id } = last;
          query = query.where((eb) =>
            eb.or([eb('created_at', '>', created_at), eb.and([eb('created_at', '=', created_at), eb('id', '>', id)])]),
          );
        }
        const rows = await query.orderBy('created_at').orderBy('id').limit(size).execute();
        if (rows.length) yield await withApprovals(rows);
        if (rows.length < size) return;
        last = rows.at(-1);
      }
    },
    async openFor(appIds) {
      let rows: Tables['review'][] = [];
      for (const chunk of batches([...appIds]))
        rows = rows.concat(
          await db.selectFrom('review').selectAll().where('status', '=', 'open').where(isIn('app_id', chunk)).execute(),
        );
      return withApprovals(rows.sort((a, b) => a.created_at.localeCompare(b.created_at)));
    },
    async latestFor(appId) {
      const row = await db
        .selectFrom('review')
        .select('id')
        .where('app_id', '=', appId)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      return row ? reviews.find(row.id) : undefined;
    },
    async insert(r) {
      await db
        .insertInto('review')
        .values({
          id: r.id,
          app_id: r.appId,
          revision_id: r.revisionId,
          status: r.status,
          required_approvals: JSON.stringify(r.requiredApprovals),
          version: r.version,
          decided_by: r.decidedBy ?? null,
          decided_at: r.decidedAt ?? null,
          reason: r.reason ?? null,
          created_at: r.createdAt,
        })
        .execute();
    },
    async find(id, options) {
      let query = db.selectFrom('review').selectAll().where('id', '=', id);
      if (options?.lock && dialect === 'postgres') query = query.forUpdate();
      const row = await query.executeTakeFirst();
      if (!row) return undefined;
      const approvals = await db
        .selectFrom('approval')
        .selectAll()
        .where('review_id', '=', id)
        .orderBy('created_at')
        .execute();
      return toReview(row, approvals);
    },
    async update(id, version, patch) {
      const result = await db
        .updateTable('review')
        .set({
          version: version + 1,
          ...(patch.status && { status: patch.status }),
          ...(patch.decidedBy && { decided_by: patch.decidedBy }),
          ...(patch.decidedAt && { decided_at: patch.decidedAt }),
          ...(patch.reason && { reason: patch.reason }),
          ...(patch.requiredApprovals && { required_approvals: JSON.stringify(patch.requiredApprovals) }),
        })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async addApproval(reviewId, a) {
      await db
        .insertInto('approval')
        .values({ review_id: reviewId, approver: a.approver, role: a.role, created_at: a.at })
        .execute();
    },
    async approversOf(revisionIds) {
      const approvers = new Map<string, string[]>();
      for (const chunk of batches(revisionIds)) {
        const rows = await db
          .selectFrom('approval')
          .innerJoin('review', 'review.id', 'approval.review_id')
          .select(['review.revision_id', 'approval.approver'])
          .where(isIn('review.revision_id', chunk))
          .where('review.status', '=', 'approved')
          .orderBy('approval.created_at')
          .execute();
        for (const r of rows) approvers.set(r.revision_id, [...(approvers.get(r.revision_id) ?? []), r.approver]);
      }
      return approvers;
    },
  };
  return reviews;
}
