import { uniqueRefs } from '../domain/actor';
import type { GroupRef } from '../domain/role-group';
import { parseGroupEntry } from '../domain/role-group';
import type { GroupSnapshot } from '../ports/role-group-store';
import type { Policy } from './policy';

/** The groups a policy's roles name, by key, once each. */
export function namedGroups(policy: Pick<Policy, 'roles'>): Map<string, GroupRef> {
  const groups = new Map<string, GroupRef>();
  for (const role of Object.values(policy.roles))
    for (const entry of role.members) {
      const group = parseGroupEntry(entry);
      if (group) groups.set(group.key, group);
    }
  return groups;
}

/**
 * The policy with every group entry among a role's members replaced by the group's last known
 * members (their refs, else emails), each person once. A group never read adds nobody, so a role
 * whose groups are all empty or unread counts as empty everywhere roles are read.
 */
export function expandRoles(policy: Policy, snapshots: readonly GroupSnapshot[]): Policy {
  const groups = namedGroups(policy);
  if (groups.size === 0) return policy;
  const byKey = new Map(snapshots.map((s) => [s.key, s]));
  const roles = Object.fromEntries(
    Object.entries(policy.roles).map(([name, role]) => [
      name,
      {
        ...role,
        members: uniqueRefs(
          role.members.flatMap((entry) => {
            const group = parseGroupEntry(entry);
            if (!group) return [entry];
            return (byKey.get(group.key)?.members ?? []).map((m) => m.ref ?? m.email);
          }),
        ),
      },
    ]),
  );
  return { ...policy, roles };
}
