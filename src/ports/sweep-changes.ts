/** An interval of ISO times, both ends included. */
export interface TimeRange {
  from: string;
  to: string;
}

/** Dates whose crossing can change what an app owes, each with the ranges to look in. */
export interface CrossingRanges {
  expiresAt: TimeRange[];
  createdAt: TimeRange[];
  lastActiveAt: TimeRange[];
  /** When a decommissioned app was last changed (its retirement). */
  retiredAt: TimeRange[];
  /** When an inactivity "still in use?" question went out. */
  inactivityAskedAt: TimeRange[];
}

/** What changed since a moment, for the incremental reminder sweep; read inside a registry transaction. */
export interface SweepChanges {
  /**
   * Apps changed at or after `since`: their row updated, used while a "still in use?" question waits
   * to go out, a purge confirmed, or a reminder sent to someone who has now had `cap` reminders
   * about it (the next stage goes to whoever is next in line); and apps with a snoozed reminder
   * waiting (its cycle may have closed meanwhile).
   */
  changedApps(since: string, cap: number): Promise<Set<string>>;
  /** Apps with a date in one of the ranges. */
  appsCrossing(ranges: CrossingRanges): Promise<Set<string>>;
}
