import type { AppRecord } from '../domain/app-record';
import type { Reminder, ReminderState } from '../domain/reminder';

/** What the sweep knows of a recipient: who they are across platforms, and when to reach them. */
export interface RecipientProfile {
  /** The directory's person id, so one person's refs and email share one digest. */
  personId?: string;
  /** The platform the person is known on, when known. */
  platform?: string;
  timeZone?: string;
  workingHours?: string;
}

/** Reminder rows, read and written inside a registry transaction. */
export interface ReminderLedger {
  /** Takes the sweep for this transaction; false when another replica holds it (PostgreSQL). */
  lockSweep(): Promise<boolean>;
  /** Approved apps whose approval ends at or before `until`, and apps that expired since `expiredSince`. */
  expiringApps(until: string, expiredSince: string): Promise<AppRecord[]>;
  /** Marks an approved app expired if its approval still ends at `expiresAt`; false when it was renewed or changed meanwhile. */
  expire(appId: string, expiresAt: string, at: string): Promise<boolean>;
  /** Live apps whose owner's account is deactivated (and those retired for it since `retiredSince`), with when it was first seen so. */
  ownerlessApps(retiredSince: string): Promise<{ app: AppRecord; deactivatedAt: string }[]>;
  /** Approved and expired apps that keep data for a retention window: only what the planner needs of them. */
  retentionApps(): Promise<Pick<AppRecord, 'id' | 'owner' | 'createdAt' | 'retentionDays'>[]>;
  /** Apps with sandbox test data that nobody has confirmed purged, whose purge fell due by `dueBy` given `purgeDays`. */
  sandboxApps(dueBy: string, purgeDays: number): Promise<AppRecord[]>;
  /** Decommissions an app still owned by `owner` that nobody claimed; false when it was claimed or retired meanwhile. */
  retireOwnerless(appId: string, owner: string, at: string): Promise<boolean>;
  /** Who approved each of these revisions. */
  approversOf(revisionIds: string[]): Promise<Map<string, string[]>>;
  /** App names by id. */
  appNames(appIds: string[]): Promise<Map<string, string>>;
  /** Adds reminders as pending; a stage already asked of a recipient is skipped. */
  add(reminders: Reminder[]): Promise<void>;
  /** Pending reminders whose time has come, oldest first. */
  pending(sendBefore: string): Promise<Reminder[]>;
  /** How often each thread (see `threadKey`) of these cycles has gone out. */
  sendsByThread(cycleKeys: string[]): Promise<Map<string, number>>;
  /** Moves reminders to a state (superseded, cancelled). */
  mark(ids: string[], state: ReminderState): Promise<void>;
  /** Marks reminders sent at `at` in the digests named (reminder id → digest id), one more send each. */
  markSent(digests: Map<string, string>, at: string): Promise<void>;
  /** Puts a sent reminder back in the queue until `sendAfter`. */
  snooze(id: string, sendAfter: string): Promise<void>;
  find(id: string): Promise<Reminder | undefined>;
  /** How many pending reminders are due by `now`, and since when the oldest has waited. */
  dueSummary(now: string): Promise<{ due: number; oldestDueAt?: string }>;
  /** The reminders one digest carried. */
  byDigest(digestId: string): Promise<Reminder[]>;
  /** What the people directory knows of these recipients (refs or emails). */
  profiles(recipients: string[]): Promise<Map<string, RecipientProfile>>;
  /** Forgets inbound delivery keys recorded before `before` (their redelivery window is long past). */
  purgeDeliveries(before: string): Promise<number>;
}
