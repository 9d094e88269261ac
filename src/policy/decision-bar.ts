import type { Actor } from '../domain/actor';
import { actorRef, refersTo } from '../domain/actor';
import type { ReviewRecord, ReviewRecords } from '../domain/app-record';
import { remainingApprovals } from '../domain/review-progress';
import { separationConflict } from '../domain/separation-of-duties';
import type { Policy } from './policy';

/** What keeps someone holding a role from deciding a review: it is their app or submission, or they already approved. */
export type DutyBar = 'own_app' | 'own_submission' | 'already_approved';

/** Why someone may not decide a review now: closed, a duty bar, or no role the review still needs. */
export type DecisionBar = 'closed' | DutyBar | 'no_role';

/** The duty bar on `actor` for this review (the separation of duties, then an approval already given), if any. */
export function dutyBar(policy: Policy, { review, app, revision }: ReviewRecords, actor: Actor): DutyBar | undefined {
  const conflict = separationConflict(policy.separationOfDuties, app, revision.submittedBy, actor);
  if (conflict) return conflict;
  const me = actorRef(actor).toLowerCase();
  return review.approvals.some((a) => a.approver.toLowerCase() === me) ? 'already_approved' : undefined;
}

/** The roles `actor` holds that the review still needs, in the order the policy asks for them. */
export function usableRoles(policy: Policy, review: ReviewRecord, actor: Actor): string[] {
  const remaining = remainingApprovals(review);
  return review.requiredApprovals
    .map((r) => r.role)
    .filter((role) => remaining.some((r) => r.role === role))
    .filter((role) => policy.roles[role]?.members.some((m) => refersTo(m, actor)));
}

/**
 * Why `actor` may not decide this review now, or undefined when they may. The one rule behind a
 * decision, the reviews App Home offers and who gets a card's buttons.
 */
export function decisionBar(policy: Policy, records: ReviewRecords, actor: Actor): DecisionBar | undefined {
  if (records.review.status !== 'open') return 'closed';
  return dutyBar(policy, records, actor) ?? (usableRoles(policy, records.review, actor).length ? undefined : 'no_role');
}
