import type { ReviewRecord } from '../domain/app-record';
import { remainingApprovals } from '../domain/review-progress';
import type { Policy } from './policy';

/** Who could still approve a review: the members (user refs and emails) of the roles it waits for; none once decided. */
export function reviewersOf(review: ReviewRecord | undefined, policy: Policy): string[] {
  if (review?.status !== 'open') return [];
  return [...new Set(remainingApprovals(review).flatMap((r) => policy.roles[r.role]?.members ?? []))];
}
