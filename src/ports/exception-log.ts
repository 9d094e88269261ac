import type { PolicyException } from '../domain/policy-exception';

/** Exceptions to policy rules, read and written inside a registry transaction. */
export interface ExceptionLog {
  insert(exception: PolicyException): Promise<void>;
  /** An app's exceptions that have not ended, soonest expiry first. */
  activeFor(appId: string): Promise<PolicyException[]>;
  /**
   * Exceptions expiring in [`from`, `to`), soonest first, that are still open or were ended at
   * expiry by `endedBy` (the scheduler's window: reminders before, the last word after).
   */
  expiringBetween(from: string, to: string, endedBy: string): Promise<PolicyException[]>;
  /** Every exception that has not ended, soonest expiry first. */
  active(): Promise<PolicyException[]>;
  find(id: string): Promise<PolicyException | undefined>;
  /** Ends it unless it already ended; false then. */
  end(id: string, by: string, at: string): Promise<boolean>;
}
