import type { PolicyException } from '../domain/policy-exception';

/** Exceptions to policy rules, read and written inside a registry transaction. */
export interface ExceptionLog {
  insert(exception: PolicyException): Promise<void>;
  /** An app's exceptions that have not ended, soonest expiry first. */
  activeFor(appId: string): Promise<PolicyException[]>;
  /** Exceptions that have not ended and expire before `before`, soonest first (the scheduler's look-ahead). */
  expiringBefore(before: string): Promise<PolicyException[]>;
  /** Every exception that has not ended, soonest expiry first. */
  active(): Promise<PolicyException[]>;
  find(id: string): Promise<PolicyException | undefined>;
  /** Ends it unless it already ended; false then. */
  end(id: string, by: string, at: string): Promise<boolean>;
}
