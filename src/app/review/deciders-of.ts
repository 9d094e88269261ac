import type { Actor } from '../../domain/actor';
import { isEmail, uniqueRefs } from '../../domain/actor';
import type { ReviewRecords } from '../../domain/app-record';
import { remainingApprovals } from '../../domain/review-progress';
import type { PeopleDirectory } from '../../people/people-directory';
import { splitRef } from '../../people/people-directory';
import { dutyBar } from '../../policy/decision-bar';
import type { Policy } from '../../policy/policy';
import type { RegistryWith } from '../../ports/registry';
import { readReviewRecords } from '../queries/read-message-records';

/**
 * Who may still decide an open review, as every platform ref the directory knows for them: the
 * members of the roles it still needs, less anyone the separation of duties keeps out (under any of
 * their refs or their email) and anyone who already approved. None once it is decided. A member
 * known only by an email no platform has told us about has no ref to list yet.
 */
export function createDecidersOf(deps: {
  registry: RegistryWith<'apps' | 'reviews' | 'revisions'>;
  policy: () => Policy;
  directory: Pick<PeopleDirectory, 'lookup'>;
}) {
  return async (reviewId: string, known?: ReviewRecords): Promise<string[]> => {
    const records = known ?? (await readReviewRecords(deps.registry, reviewId));
    if (records?.review.status !== 'open') return [];
    const policy = deps.policy();
    const members = uniqueRefs(remainingApprovals(records.review).flatMap((r) => policy.roles[r.role]?.members ?? []));
    const deciders: string[] = [];
    for (const member of members) {
      const person = await deps.directory.lookup(member).catch(() => undefined);
      const email = person?.email ?? (isEmail(member) ? member : undefined);
      const refs = uniqueRefs([...(isEmail(member) ? [] : [member]), ...(person?.refs ?? [])]);
      const identities = refs.map((ref): Actor => {
        const [platform, userId] = splitRef(ref);
        return { platform: platform as Actor['platform'], userId: userId ?? '', email };
      });
      if (identities.every((actor) => !dutyBar(policy, records, actor))) deciders.push(...refs);
    }
    return uniqueRefs(deciders);
  };
}
