import type { ReviewRecord } from './app-record';
import type { RequiredApproval } from './assessment';

/** Approvals a review still lacks, by role. */
export function remainingApprovals(review: Pick<ReviewRecord, 'requiredApprovals' | 'approvals'>): RequiredApproval[] {
  return review.requiredApprovals
    .map((r) => ({ role: r.role, count: r.count - review.approvals.filter((a) => a.role === r.role).length }))
    .filter((r) => r.count > 0);
}
