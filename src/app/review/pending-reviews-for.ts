import type { Actor } from '../../domain/actor';
import { actorRef, refersTo } from '../../domain/actor';
import type { AppRecord, ReviewRecord } from '../../domain/app-record';
import { remainingApprovals } from '../../domain/review-progress';
import { separationConflict } from '../../domain/separation-of-duties';
import type { Policy } from '../../policy/policy';
import type { RegistryWith } from '../../ports/registry';

/** Open reviews a person could decide now: they hold a role still missing and the separation of duties allows them. */
export function createPendingReviewsFor(deps: {
  registry: RegistryWith<'apps' | 'reviews' | 'revisions'>;
  policy: () => Policy;
}) {
  return (actor: Actor) =>
    deps.registry.read(async (tx) => {
      const policy = deps.policy();
      const me = actorRef(actor).toLowerCase();
      const result: { review: ReviewRecord; app: AppRecord }[] = [];
      for (const review of await tx.reviews.open(200)) {
        const app = await tx.apps.find(review.appId);
        const revision = await tx.revisions.find(review.revisionId);
        if (!app || !revision || review.approvals.some((a) => a.approver.toLowerCase() === me)) continue;
        if (separationConflict(policy.separationOfDuties, app, revision.submittedBy, actor)) continue;
        if (remainingApprovals(review).some((r) => policy.roles[r.role]?.members.some((m) => refersTo(m, actor))))
          result.push({ review, app });
      }
      return result;
    });
}
