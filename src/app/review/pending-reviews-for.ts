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
      for (const review of await tx.reviews.open(200)) {
        const app = await tx.apps.find(review.appId);
        const revision = await tx.revisions.find(review.revisionId);
        if (app && revision && !decisionBar(policy, { review, app, revision }, actor)) result.push({ review, app });
      }
      return result;
    });
}
