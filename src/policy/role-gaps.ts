import type { Policy } from './policy';

/** A role the policy needs but that has too few members to do its job. */
export interface RoleGap {
  role: string;
  /** Plain words: who holds it, what cannot happen, and the fix. */
  message: string;
  /** The message's first part alone, as a sentence: who holds it and what cannot happen. */
  problem: string;
}

/**
 * The roles the routing, the rules and the timings need that nobody (or too few people) holds, and an
 * empty `admin`: with the shipped roles.yaml no tier-2 or tier-3 app can be approved.
 */
export function roleGaps(policy: Pick<Policy, 'roles' | 'routing' | 'rules' | 'timings'>): RoleGap[] {
  const members = (role: string) => new Set(policy.roles[role]?.members ?? []).size;
  const fix = (role: string) => `add people to roles.${role}.members in roles.yaml`;
  const gaps: RoleGap[] = [];
  const push = ({ role, message }: { role: string; message: string }) => {
    const problem = message.slice(0, message.lastIndexOf('; '));
    gaps.push({ role, message, problem: `${problem[0]!.toUpperCase()}${problem.slice(1)}.` });
  };
  for (const [tier, route] of Object.entries(policy.routing).sort(([a], [b]) => Number(a) - Number(b))) {
    for (const { role, count } of route.approvals) {
      const held = members(role);
      if (held === 0)
        push({ role, message: `nobody holds "${role}": tier-${tier} apps cannot be approved; ${fix(role)}.` });
      else if (held < count)
        push({
          role,
          message: `"${role}" has ${held} member${held === 1 ? '' : 's'} but tier-${tier} apps need ${count} distinct approvals from it; ${fix(role)}.`,
        });
    }
  }
  const byRule = new Map<string, string[]>();
  for (const rule of policy.rules)
    for (const { role } of rule.approvals)
      if (members(role) === 0) byRule.set(role, [...(byRule.get(role) ?? []), rule.id]);
  for (const [role, rules] of byRule) {
    if (!gaps.some((g) => g.role === role))
      push({
        role,
        message: `nobody holds "${role}": apps that rule ${rules.join(', ')} sends to it cannot be approved; ${fix(role)}.`,
      });
  }
  const escalateTo = policy.timings.reviewSla.escalateToRole;
  if (escalateTo && members(escalateTo) === 0)
    push({
      role: escalateTo,
      message: `nobody holds "${escalateTo}": reviews waiting past the review deadline have nobody to escalate to; ${fix(escalateTo)}.`,
    });
  if (members('admin') === 0)
    push({
      role: 'admin',
      message: `nobody holds "admin": delivery problems and admin alerts reach nobody, and nobody can route Teams channels; ${fix('admin')}.`,
    });
  return gaps;
}
