import type { GroupMember } from './group-directory';

/** What was last learned of one group: its members when it was last read, and the last failure since. */
export interface GroupSnapshot {
  /** The group entry, as `GroupRef.key`. */
  key: string;
  /** The members as last read (empty when it was never read). */
  members: GroupMember[];
  /** When the members were last read; absent when never. */
  readAt?: string;
  /** When a read was last tried, whether or not it worked. */
  attemptedAt: string;
  /** Set when the last try failed: what went wrong and the fix. */
  problem?: string;
  fix?: string;
}

/** The last known expansion of the groups roles name, kept so a restart while a platform is down keeps the members. */
export interface RoleGroupStore {
  /** Every group ever read or tried. */
  list(): Promise<GroupSnapshot[]>;
  /** Replaces the group's members with those just read, clearing any failure. */
  saveMembers(key: string, members: GroupMember[], at: string): Promise<void>;
  /** Notes a failed read; the members last read stay. */
  saveFailure(key: string, failure: { problem: string; fix: string }, at: string): Promise<void>;
}
