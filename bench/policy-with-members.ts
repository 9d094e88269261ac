import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/** A copy of the policy directory in `to`, with `members` (role name → user refs or emails) added to those roles; returns `to`. */
export function policyWithMembers(from: string, to: string, members: Record<string, readonly string[]>): string {
  cpSync(from, to, { recursive: true });
  const file = join(to, 'roles.yaml');
  const roles = parse(readFileSync(file, 'utf8')) as { roles: Record<string, { members: string[] }> };
  for (const [name, added] of Object.entries(members)) {
    const role = roles.roles[name];
    if (!role) throw new Error(`${file} has no ${name} role`);
    role.members = [...(role.members ?? []), ...added];
  }
  writeFileSync(file, stringify(roles));
  return to;
}
