import type { ReviewRecord } from '../../domain/app-record';
import type { NewOutboundMessage } from '../../domain/outbound';
import { noticeTo } from '../../domain/outbound-messages';
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
