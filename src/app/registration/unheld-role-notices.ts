import type { ReviewRecord } from '../../domain/app-record';
import type { NewOutboundMessage } from '../../domain/outbound';
import { noticeTo } from '../../domain/outbound-messages';
import type { ChatPlatform } from '../../domain/outbound';
import type { PeopleDirectory } from '../../people/people-directory';
import { reachableAdmins } from '../../people/reachable-admins';
import type { Policy } from '../../policy/policy';
import { unheldRoles } from '../../policy/unheld-roles';

/**
 * When an opened review waits for a role nobody holds, a notice to each admin given (those reachable
 * on a connected platform), at most one per role, admin and UTC day however many apps need it.
 */
export function unheldRoleNotices(
  policy: Pick<Policy, 'roles'>,
  review: ReviewRecord | undefined,
  admins: readonly string[],
  at: string,
): NewOutboundMessage[] {
  if (review?.status !== 'open') return [];
  const day = at.slice(0, 10);
  return unheldRoles(policy, review.requiredApprovals).flatMap((role) =>
    noticeTo([...admins], { type: 'role_unheld', appId: review.appId, role }).map((msg) => ({
      ...msg,
      dedupeKey: `role-unheld|${role}|${day}|${(msg.recipient as { ref: string }).ref.toLowerCase()}`.slice(0, 300),
    })),
  );
}

/**
 * The admins to tell should a re-assessment open (or revise) a review that waits for a role nobody
 * holds: found before the transaction, when the assessment is not known yet, so only when some role
 * the policy's routing or rules ask approvals of has no holder (none otherwise).
 */
export async function adminsForUnheldRoles(
  deps: { platforms?: readonly ChatPlatform[]; directory: Pick<PeopleDirectory, 'lookup'> },
  policy: Pick<Policy, 'roles' | 'routing' | 'rules'>,
): Promise<string[]> {
  const asked = [
    ...Object.values(policy.routing).flatMap((r) => r?.approvals ?? []),
    ...policy.rules.flatMap((r) => r.approvals),
  ];
  if (unheldRoles(policy, asked).length === 0) return [];
  return reachableAdmins(policy, deps.platforms ?? [], deps.directory);
}
