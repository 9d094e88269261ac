import type { Actor } from '../../domain/actor';
import type { AppRecord, ReviewRecord } from '../../domain/app-record';
import { decisionBar } from '../../policy/decision-bar';
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
      const result: { review: ReviewRecord; app: AppRecord }[] = [];
      const reviews = await tx.reviews.open(200);
      const apps = await tx.apps.findMany(reviews.map((r) => r.appId));
      const revisions = await tx.revisions.findMany(reviews.map((r) => r.revisionId));
      for (const review of reviews) {
        const app = apps.get(review.appId);
        const revision = revisions.get(review.revisionId);
        if (app && revision && !decisionBar(policy, { review, app, revision }, actor)) result.push({ review, app });
      }
      return result;
    });
}
