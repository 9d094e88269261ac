import type { Policy } from './policy';

/** The role told about incidents (admins when nobody holds it). */
export const INCIDENT_ROLE = 'security';

/** Who security matters go to: the security role's members, or the admins when nobody holds it. */
export function securityTeam(policy: Policy): string[] {
  const members = policy.roles[INCIDENT_ROLE]?.members ?? [];
  return members.length ? members : (policy.roles.admin?.members ?? []);
}
