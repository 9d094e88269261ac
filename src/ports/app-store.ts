import type { AppRecord } from '../domain/app-record';

/** App rows, read and written inside a registry transaction: lookups, lifecycle writes and the sweep's queries. */
export interface AppStore {
  /** The app with this id. */
  find(id: string): Promise<AppRecord | undefined>;
  /** The apps with these ids, by id; ids it does not know are absent. */
  findMany(ids: readonly string[]): Promise<Map<string, AppRecord>>;
  /** The app with this name (case-insensitive). */
  findByName(name: string): Promise<AppRecord | undefined>;
  /** Throws `registration.name_taken` when the name (case-insensitive) is in use. */
  insert(app: AppRecord): Promise<void>;
  /** Applies `patch` to the app. */
  update(id: string, patch: Partial<Omit<AppRecord, 'id' | 'createdAt'>>): Promise<void>;
  /** Marks an approved app expired if its approval still ends at `expiresAt`; false when it was renewed or changed meanwhile. */
  expire(appId: string, expiresAt: string, at: string): Promise<boolean>;
  /** Decommissions an app still owned by `owner` that nobody claimed; false when it was claimed or retired meanwhile. */
  retireOwnerless(appId: string, owner: string, at: string): Promise<boolean>;
  /** Approved apps whose approval ends at or before `until`, and apps that expired since `expiredSince`; only those `among` when given. */
  expiring(until: string, expiredSince: string, among?: readonly string[]): Promise<AppRecord[]>;
  /** Live apps whose owner's account is deactivated (and those retired for it since `retiredSince`), with when it was first seen so. */
  ownerless(retiredSince: string): Promise<{ app: AppRecord; deactivatedAt: string }[]>;
  /** Approved and expired apps that keep data for a retention window (only those `among` when given): what the planner needs of them. */
  withRetention(among?: readonly string[]): Promise<Pick<AppRecord, 'id' | 'owner' | 'createdAt' | 'retentionDays'>[]>;
  /** Apps with sandbox test data that nobody has confirmed purged, whose purge fell due by `dueBy` given `purgeDays`. */
  withSandboxData(dueBy: string, purgeDays: number): Promise<AppRecord[]>;
  /** App names by id. */
  names(appIds: string[]): Promise<Map<string, string>>;
}
