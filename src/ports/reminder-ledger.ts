import type { Reminder, ReminderState } from '../domain/reminder';

/** Reminder rows, read and written inside a registry transaction. */
export interface ReminderLedger {
  /** Adds reminders as pending; a stage already asked of a recipient is skipped. */
  add(reminders: Reminder[]): Promise<void>;
  /** Pending reminders whose time has come, oldest first. */
  pending(sendBefore: string): Promise<Reminder[]>;
  /** How often each thread (see `threadKey`) of these cycles has gone out. */
  sendsByThread(cycleKeys: string[]): Promise<Map<string, number>>;
  /** Stages of these cycles already asked of someone, as `${cycleKey}|${stage}|${recipient}`, whatever became of them. */
  recordedStages(cycleKeys: string[]): Promise<Set<string>>;
  /** Moves reminders to a state (superseded, cancelled). */
  mark(ids: string[], state: ReminderState): Promise<void>;
  /** Marks reminders sent at `at` in the digests named (reminder id → digest id), one more send each. */
  markSent(digests: Map<string, string>, at: string): Promise<void>;
  /** Puts a sent reminder back in the queue until `sendAfter`. */
  snooze(id: string, sendAfter: string): Promise<void>;
  /** The reminder with this id. */
  find(id: string): Promise<Reminder | undefined>;
  /** How many pending reminders are due by `now`, and since when the oldest has waited. */
  dueSummary(now: string): Promise<{ due: number; oldestDueAt?: string }>;
  /** The reminders one digest carried. */
  byDigest(digestId: string): Promise<Reminder[]>;
}
