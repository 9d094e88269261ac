import { parseGroupEntry } from '../../domain/role-group';
import type { PeopleDirectory } from '../../people/people-directory';
import type { Policy } from '../../policy/policy';
import type { RoleGroupStore } from '../../ports/role-group-store';

/** One person holding a role: how they are named, and the group they hold it through (absent when listed by name). */
export interface RoleHolder {
  /** The ref or email the role holds them by. */
  ref: string;
  name?: string;
  email?: string;
  /** The group entry (like `slack-group:@reviewers`) they came from. */
  from?: string;
}

/** A group a role names: when it was last read, how many it held, and why the last read failed. */
export interface RoleGroupStatus {
  entry: string;
  readAt?: string;
  members: number;
  problem?: string;
  fix?: string;
}

/** A role with everyone who holds it now. */
export interface RoleListing {
  role: string;
  description: string;
  holders: RoleHolder[];
  groups: RoleGroupStatus[];
}

/** Every role of the policy as loaded (groups unexpanded), with its people by name and its groups' state, from the store only. */
export function createListRoles(deps: {
  policy: () => Policy;
  store: Pick<RoleGroupStore, 'list'>;
  people: Pick<PeopleDirectory, 'known'>;
}) {
  return async (): Promise<RoleListing[]> => {
    const snapshots = new Map((await deps.store.list()).map((s) => [s.key, s]));
    const listings = Object.entries(deps.policy().roles).map(([role, { description, members }]): RoleListing => {
      const holders: RoleHolder[] = [];
      const groups: RoleGroupStatus[] = [];
      const seen = new Set<string>();
      const add = (holder: RoleHolder) => {
        const key = holder.ref.trim().toLowerCase();
        if (seen.has(key)) return;
        seen.add(key);
        holders.push(holder);
      };
      for (const entry of members) {
        const group = parseGroupEntry(entry);
        if (!group) {
          add({ ref: entry });
          continue;
        }
        const snapshot = snapshots.get(group.key);
        groups.push({
          entry,
          readAt: snapshot?.readAt,
          members: snapshot?.members.length ?? 0,
          problem: snapshot?.problem ?? (snapshot ? undefined : 'Not read yet.'),
          fix: snapshot?.fix ?? (snapshot ? undefined : 'Start the bot, or run `microapp roles refresh`, to read it.'),
        });
        for (const m of snapshot?.members ?? []) {
          const ref = m.ref ?? m.email;
          if (ref) add({ ref, name: m.displayName, email: m.email, from: entry });
        }
      }
      return { role, description, holders, groups };
    });
    const known = await deps.people.known(listings.flatMap((l) => l.holders.map((h) => h.ref)));
    for (const holder of listings.flatMap((l) => l.holders)) {
      const person = known.get(holder.ref);
      holder.name ??= person?.displayName;
      holder.email ??= person?.email;
    }
    return listings;
  };
}
