import type { Actor } from '../../domain/actor';
import { AppError } from '../../domain/errors';
import type { ChatPlatform } from '../../domain/outbound';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';
import { findAppOrThrow } from '../../ports/find-app-or-throw';

/**
 * Queues the approval card of an app's open review again, for every destination of its tier on the
 * connected platforms (a card that never arrived, or was deleted). Audited; the new copies are
 * updated with the others when someone decides.
 */
export function createRepostReview(deps: {
  registry: RegistryWith<'apps' | 'audit' | 'outbox' | 'reviews' | 'revisions'>;
  policy: () => Policy;
  clock: Clock;
  platforms: readonly ChatPlatform[];
}) {
  return (idOrName: string, actor: Actor): Promise<{ appName: string; destinations: string[] }> =>
    deps.registry.transaction(async (tx) => {
      const app = await findAppOrThrow(tx, idOrName);
      const review = await tx.reviews.latestFor(app.id);
      if (review?.status !== 'open') {
        throw new AppError(
          'app.wrong_status',
          `"${app.name}" has no open review to post; it is ${app.status.replace('_', ' ')}.`,
          { appName: app.name, status: app.status },
        );
      }
      const revision = (await tx.revisions.find(review.revisionId))!;
      const destinations = revision.assessment.destinations.filter((d) => deps.platforms.includes(d.platform));
      if (destinations.length === 0) {
        throw new AppError(
          'app.wrong_status',
          `No connected platform has a reviewer destination for tier ${app.tier}: connect Slack or Teams, or add a destination in policies/policy.yaml.`,
          { appName: app.name },
        );
      }
      const at = deps.clock.now().toISOString();
      await tx.outbox.enqueue(
        destinations.map((d) => ({
          recipient: { kind: 'channel', platform: d.platform, channel: d.channel },
          message: { view: 'approval_card', reviewId: review.id },
        })),
        at,
      );
      await tx.audit.append(
        [
          {
            actor,
            action: 'review.reposted',
            targetType: 'review',
            targetId: review.id,
            outcome: 'success',
            policyVersion: deps.policy().version,
            riskScore: app.score,
            details: { app: app.id, destinations: destinations.map((d) => `${d.platform}:${d.channel}`).join(', ') },
          },
        ],
        at,
      );
      return { appName: app.name, destinations: destinations.map((d) => d.channel) };
    });
}
