import type { GroupKind, GroupRef } from '../domain/role-group';

/** One person in a group, as the group's platform describes them. */
export interface GroupMember {
  /** A platform user ref (`slack:U…`, `teams:<AAD object id>`). */
  ref?: string;
  email?: string;
  displayName?: string;
}

/** Lists a group's current members on the platform that keeps it (Slack user groups, Microsoft Entra groups). */
export interface GroupDirectory {
  readonly kind: GroupKind;
  /** Everyone in the group now (nested groups expanded where the platform nests them); throws a GroupDirectoryError. */
  members(group: GroupRef): Promise<GroupMember[]>;
}

/** Why a group could not be read. */
export type GroupDirectoryErrorCode =
  /** The bot lacks a scope or permission (the fix names it). */
  | 'group.missing_permission'
  /** No such group. */
  | 'group.unknown'
  /** The platform is not configured in this installation. */
  | 'group.not_configured'
  /** The platform could not be reached or answered with an error; the next refresh tries again. */
  | 'group.unavailable';

/** A group that could not be read, with what an admin should do about it. */
export class GroupDirectoryError extends Error {
  readonly code: GroupDirectoryErrorCode;
  readonly fix: string;

  constructor(options: { code: GroupDirectoryErrorCode; problem: string; fix: string; cause?: unknown }) {
    super(options.problem, { cause: options.cause });
    this.name = 'GroupDirectoryError';
    this.code = options.code;
    this.fix = options.fix;
  }
}

/** True when `error` is a GroupDirectoryError. */
export function isGroupDirectoryError(error: unknown): error is GroupDirectoryError {
  return error instanceof GroupDirectoryError;
}
