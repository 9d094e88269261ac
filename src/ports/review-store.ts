import type { ApprovalRecord, ReviewRecord } from '../domain/app-record';

/** Reviews and their approvals, read and written inside a registry transaction. */
export interface ReviewStore {
  /** Open reviews, oldest first. */
  open(limit: number): Promise<ReviewRecord[]>;
  /** Every open review, oldest first, `size` at a time. */
  openPages(size: number): AsyncIterable<ReviewRecord[]>;
  /** The open reviews of these apps, oldest first. */
  openFor(appIds: readonly string[]): Promise<ReviewRecord[]>;
  /** The newest review of an app's revisions, if any. */
  latestFor(appId: string): Promise<ReviewRecord | undefined>;
  /** Adds a review. */
  insert(review: ReviewRecord): Promise<void>;
  /** A review with its approvals, read consistently; `lock` holds the review row until the transaction ends (PostgreSQL `FOR UPDATE`). */
  find(id: string, options?: { lock?: boolean }): Promise<ReviewRecord | undefined>;
  /** Applies `patch` and bumps the version only if the review is still at `version`; false when someone else got there first. */
  update(
    id: string,
    version: number,
    patch: Partial<Pick<ReviewRecord, 'status' | 'decidedBy' | 'decidedAt' | 'reason' | 'requiredApprovals'>>,
  ): Promise<boolean>;
  /** Records one person's approval toward a review. */
  addApproval(reviewId: string, approval: ApprovalRecord): Promise<void>;
  /** Who approved each of these revisions. */
  approversOf(revisionIds: string[]): Promise<Map<string, string[]>>;
}
