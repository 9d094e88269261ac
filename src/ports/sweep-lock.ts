/** The lock that lets one replica sweep due work at a time, held for the length of a registry transaction. */
export interface SweepLock {
  /** Takes the sweep for this transaction; false when another replica holds it (PostgreSQL). */
  take(): Promise<boolean>;
}
