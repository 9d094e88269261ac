import type { Kysely } from 'kysely';
import type { GroupMember } from '../ports/group-directory';
import type { GroupSnapshot, RoleGroupStore } from '../ports/role-group-store';
import { chunks } from './batched-lists';
import type { Tables } from './tables';
import type { WritePath } from './write-path';

/** The role groups' last known members over kysely: a `role_group` row per group, a `role_group_member` row per member. */
export function kyselyRoleGroups(db: Kysely<Tables>, writes: WritePath): RoleGroupStore {
  return {
    async list() {
      const groups = await db.selectFrom('role_group').selectAll().orderBy('group_key').execute();
      const members = await db
        .selectFrom('role_group_member')
        .selectAll()
        .orderBy('group_key')
        .orderBy('member_key')
        .execute();
      return groups.map(
        (g): GroupSnapshot => ({
          key: g.group_key,
          members: members
            .filter((m) => m.group_key === g.group_key)
            .map((m) => ({
              ...(m.ref !== null && { ref: m.ref }),
              ...(m.email !== null && { email: m.email }),
              ...(m.display_name !== null && { displayName: m.display_name }),
            })),
          ...(g.read_at !== null && { readAt: g.read_at }),
          attemptedAt: g.attempted_at,
          ...(g.problem !== null && { problem: g.problem }),
          ...(g.fix !== null && { fix: g.fix }),
        }),
      );
    },
    async saveMembers(key, members, at) {
      const rows = uniqueMembers(members).map((m) => ({
        group_key: key,
        member_key: memberKey(m)!,
        ref: m.ref ?? null,
        email: m.email ?? null,
        display_name: m.displayName ?? null,
      }));
      await writes.transaction(async (trx) => {
        await trx
          .insertInto('role_group')
          .values({ group_key: key, read_at: at, attempted_at: at, problem: null, fix: null })
          .onConflict((oc) =>
            oc.column('group_key').doUpdateSet({ read_at: at, attempted_at: at, problem: null, fix: null }),
          )
          .execute();
        await trx.deleteFrom('role_group_member').where('group_key', '=', key).execute();
        for (const chunk of chunks(rows)) await trx.insertInto('role_group_member').values(chunk).execute();
      });
    },
    async saveFailure(key, failure, at) {
      await writes.write((w) =>
        w
          .insertInto('role_group')
          .values({ group_key: key, read_at: null, attempted_at: at, problem: failure.problem, fix: failure.fix })
          .onConflict((oc) =>
            oc.column('group_key').doUpdateSet({ attempted_at: at, problem: failure.problem, fix: failure.fix }),
          )
          .execute(),
      );
    },
  };
}

/** How a member is told apart within a group: the ref, else the email, lower-cased. */
function memberKey(member: GroupMember): string | undefined {
  return (member.ref ?? member.email)?.trim().toLowerCase() || undefined;
}

function uniqueMembers(members: GroupMember[]): GroupMember[] {
  const seen = new Map<string, GroupMember>();
  for (const m of members) {
    const key = memberKey(m);
    if (key && !seen.has(key)) seen.set(key, m);
  }
  return [...seen.values()];
}
