import type { Policy } from './policy';

/** The roles among `approvals` that nobody holds: a review waiting for one of them cannot be approved. */
export function unheldRoles(policy: Pick<Policy, 'roles'>, approvals: readonly { role: string }[]): string[] {
  return [...new Set(approvals.map((a) => a.role))].filter((role) => (policy.roles[role]?.members.length ?? 0) === 0);
}
