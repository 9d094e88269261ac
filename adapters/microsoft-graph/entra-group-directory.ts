import type { GroupDirectory, GroupMember } from '../../src/ports/group-directory';
import { GroupDirectoryError } from '../../src/ports/group-directory';
import type { GraphClient } from './graph-client';
import { GraphError } from './graph-error';

/** The application permission that reads a group's members, nested ones included (least privileged for transitiveMembers). */
export const GROUP_MEMBER_PERMISSION = 'GroupMember.Read.All';

/** A user as `transitiveMembers/microsoft.graph.user` returns it with the fields selected. */
interface GraphUser {
  id?: string;
  displayName?: string | null;
  mail?: string | null;
  userPrincipalName?: string | null;
}

/**
 * Microsoft Entra groups through Graph: every user in the group, nested groups expanded
 * (`transitiveMembers`, cast to users, so devices and service principals are left out). Each becomes a
 * Teams ref `teams:<AAD object id>`, with their email (mail, else a user principal name that looks like one).
 */
export function entraGroupDirectory(graph: GraphClient): GroupDirectory {
  return {
    kind: 'entra-group',
    async members(group) {
      try {
        const users = await graph.list<GraphUser>({
          path: `/v1.0/groups/${encodeURIComponent(group.id)}/transitiveMembers/microsoft.graph.user?$select=id,displayName,mail,userPrincipalName`,
          permission: GROUP_MEMBER_PERMISSION,
        });
        return users.filter((u) => u.id).map(toMember);
      } catch (error) {
        throw groupError(error, group.key);
      }
    },
  };
}

function toMember(user: GraphUser): GroupMember {
  const email = user.mail ?? (user.userPrincipalName?.includes('@') ? user.userPrincipalName : undefined);
  return {
    ref: `teams:${user.id!.toLowerCase()}`,
    ...(email && !email.includes('#EXT#') && { email: email.toLowerCase() }),
    ...(user.displayName && { displayName: user.displayName }),
  };
}

function groupError(error: unknown, key: string): GroupDirectoryError {
  if (!(error instanceof GraphError))
    return new GroupDirectoryError({
      code: 'group.unavailable',
      problem: `${key} could not be read.`,
      fix: 'It is tried again at the next refresh.',
      cause: error,
    });
  switch (error.kind) {
    case 'forbidden':
      return new GroupDirectoryError({
        code: 'group.missing_permission',
        problem: `${key} cannot be read: ${error.message}`,
        fix: error.fix,
        cause: error,
      });
    case 'not_found':
      return new GroupDirectoryError({
        code: 'group.unknown',
        problem: `${key}: no Microsoft Entra group has this object id.`,
        fix: `Copy the group's Object ID from the Microsoft Entra admin center (Groups > the group > Overview) into roles.yaml as ${key.split(':')[0]}:<object id>, or remove ${key}.`,
        cause: error,
      });
    default:
      return new GroupDirectoryError({
        code: error.kind === 'credentials' ? 'group.missing_permission' : 'group.unavailable',
        problem: `${key} could not be read: ${error.message}`,
        fix: error.fix,
        cause: error,
      });
  }
}
