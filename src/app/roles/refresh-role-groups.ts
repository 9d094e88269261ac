import type { Logger } from '../../log/logger';
import type { PeopleDirectory } from '../../people/people-directory';
import { expandRoles, namedGroups } from '../../policy/expand-roles';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { GroupDirectory, GroupMember } from '../../ports/group-directory';
import { GroupDirectoryError, isGroupDirectoryError } from '../../ports/group-directory';
import type { RoleGroupStore } from '../../ports/role-group-store';
import type { GroupRef } from '../../domain/role-group';

/** What a refresh did with one group. */
export interface GroupRefresh {
  key: string;
  /** `read`: members replaced; `failed`: the last known members stay; `fresh`: read recently (maybe by another replica), left alone. */
  outcome: 'read' | 'failed' | 'fresh';
  /** Members now known for the group. */
  members: number;
  problem?: string;
  fix?: string;
}

/** What the refresh needs: the policy as loaded (groups unexpanded), where expansions are kept, a directory per group kind. */
export interface RefreshRoleGroupsDeps {
  policy: Policy;
  store: RoleGroupStore;
  directories: readonly GroupDirectory[];
  people: Pick<PeopleDirectory, 'known' | 'remember' | 'lookup'>;
  clock: Clock;
  logger: Logger;
  /** Takes the policy with the groups expanded, to use from now on. */
  swap(policy: Policy): void;
}

/**
 * Reads the members of every group the roles name and swaps in the policy expanded with them. A group
 * tried within `staleAfterMs` (by this process or another replica sharing the database) is left alone
 * unless `force`; a group that cannot be read keeps its last known members, its failure is stored with
 * its fix and logged once. Names and emails learned go to the people directory. With no directories
 * (the CLI's reads) it only loads what was stored.
 */
export function createRefreshRoleGroups(deps: RefreshRoleGroupsDeps) {
  return async (options: { force?: boolean; staleAfterMs?: number } = {}): Promise<GroupRefresh[]> => {
    const groups = namedGroups(deps.policy);
    if (groups.size === 0) {
      deps.swap(deps.policy);
      return [];
    }
    const before = new Map((await deps.store.list()).map((s) => [s.key, s]));
    const now = deps.clock.now();
    const results: GroupRefresh[] = [];
    for (const group of groups.values()) {
      const known = before.get(group.key);
      const fresh =
        !options.force &&
        known !== undefined &&
        now.getTime() - Date.parse(known.attemptedAt) < (options.staleAfterMs ?? Number.POSITIVE_INFINITY);
      if (fresh || deps.directories.length === 0) {
        results.push({ key: group.key, outcome: 'fresh', members: known?.members.length ?? 0 });
        continue;
      }
      const at = deps.clock.now().toISOString();
      try {
        const members = await readGroup(deps.directories, group);
        await deps.store.saveMembers(group.key, members, at);
        await rememberPeople(deps.people, members);
        results.push({ key: group.key, outcome: 'read', members: members.length });
      } catch (error) {
        const failure = isGroupDirectoryError(error)
          ? error
          : new GroupDirectoryError({
              code: 'group.unavailable',
              problem: `${group.key} could not be read (${error instanceof Error ? error.message : String(error)}).`,
              fix: 'It is tried again at the next refresh; `microapp roles refresh` tries now.',
              cause: error,
            });
        await deps.store.saveFailure(group.key, { problem: failure.message, fix: failure.fix }, at);
        deps.logger.warn(
          `role group ${group.key} could not be read; its last known members (${known?.members.length ?? 0}) stay. ${failure.message} Fix: ${failure.fix}`,
          { group: group.key, code: failure.code },
        );
        results.push({
          key: group.key,
          outcome: 'failed',
          members: known?.members.length ?? 0,
          problem: failure.message,
          fix: failure.fix,
        });
      }
    }
    deps.swap(expandRoles(deps.policy, await deps.store.list()));
    return results;
  };
}

async function readGroup(directories: readonly GroupDirectory[], group: GroupRef): Promise<GroupMember[]> {
  const directory = directories.find((d) => d.kind === group.kind);
  if (!directory)
    throw new GroupDirectoryError({
      code: 'group.not_configured',
      problem: `${group.key} cannot be read: this installation has no ${group.kind === 'slack-group' ? 'Slack' : 'Microsoft Graph'} connection.`,
      fix:
        group.kind === 'slack-group'
          ? 'Set SLACK_BOT_TOKEN (with the usergroups:read scope), or remove the group from roles.yaml.'
          : 'Set GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET, or remove the group from roles.yaml.',
    });
  return directory.members(group);
}

/** At most this many members a refresh looks up on their platform (users.info on Slack) to learn their names. */
const LOOKUPS_PER_GROUP = 200;

/**
 * Tells the people directory the names and emails a group listing gave, never reviving someone marked
 * as gone; members listed by ref alone (Slack's) are looked up so lists show their names.
 */
async function rememberPeople(
  people: Pick<PeopleDirectory, 'known' | 'remember' | 'lookup'>,
  members: GroupMember[],
): Promise<void> {
  const withRefs = members.filter((m) => m.ref);
  if (withRefs.length === 0) return;
  const known = await people.known(withRefs.map((m) => m.ref));
  let lookups = 0;
  for (const m of withRefs) {
    const person = known.get(m.ref!);
    if (person && !person.active) continue;
    if (person?.displayName && (person.email || !m.email)) continue;
    if (m.email || m.displayName)
      await people.remember({ ref: m.ref!, email: m.email, displayName: m.displayName, active: true });
    else if (!person && lookups++ < LOOKUPS_PER_GROUP) await people.lookup(m.ref!);
  }
}
