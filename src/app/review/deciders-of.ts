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

/** Someone who may still decide a review: every platform ref the directory knows for them (none yet when only their email is known), and their email when known. */
export interface Decider {
  refs: string[];
  email?: string;
}

/**
 * Who may still decide an open review, one entry per role member: the members of the roles it
 * still needs, less anyone the separation of duties keeps out (under any of their refs or their
 * email) and anyone who already approved. None once it is decided. The order is fixed so that a
 * platform that can list only so many people cuts the same way every time: the roles in the order
 * the review needs them, taken in turns (each role's first member, then each role's second, …) so
 * every role stays represented, each role's members in roles.yaml order.
 */
export function createDecidersOf(deps: {
  registry: RegistryWith<'apps' | 'reviews' | 'revisions'>;
  policy: () => Policy;
  directory: Pick<PeopleDirectory, 'lookup'>;
}) {
  return async (reviewId: string, known?: ReviewRecords): Promise<Decider[]> => {
    const records = known ?? (await readReviewRecords(deps.registry, reviewId));
    if (records?.review.status !== 'open') return [];
    const policy = deps.policy();
    const members = uniqueRefs(
      takeTurns(remainingApprovals(records.review).map((r) => policy.roles[r.role]?.members ?? [])),
    );
    const deciders: Decider[] = [];
    const seen = new Set<string>();
    for (const member of members) {
      const person = await deps.directory.lookup(member).catch(() => undefined);
      if (person && seen.has(person.id)) continue;
      if (person) seen.add(person.id);
      const email = person?.email ?? (isEmail(member) ? member : undefined);
      const refs = uniqueRefs([...(isEmail(member) ? [] : [member]), ...(person?.refs ?? [])]);
      const identities = refs.map((ref): Actor => {
        const [platform, userId] = splitRef(ref);
        return { platform: platform as Actor['platform'], userId: userId ?? '', email };
      });
      // Known by email alone: the separation of duties can still tell an owner or backup owner named by that email.
      if (identities.length === 0 && email) identities.push({ platform: 'system', userId: '', email });
      if (identities.length > 0 && identities.every((actor) => !dutyBar(policy, records, actor)))
        deciders.push({ refs, ...(email && { email }) });
    }
    return deciders;
  };
}

/** The lists' first items, then their second items, and so on. */
function takeTurns(lists: string[][]): string[] {
  const out: string[] = [];
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) for (const list of lists) if (i < list.length) out.push(list[i]!);
  return out;
}
