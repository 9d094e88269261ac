import type { AppRecord } from '../../domain/app-record';
import type { PolicyException } from '../../domain/policy-exception';
import type { DueStage } from '../../domain/reminder';

/** What is due at a moment: the newest due stage of every open cycle, and the cycles that are open. */
export interface DuePlan {
  stages: DueStage[];
  /** `cycleKey`s of the cycles still open; reminders of any other cycle are cancelled. */
  open: Set<string>;
  /** Approved apps whose approval has run out, to mark expired. */
  expiring: AppRecord[];
  /** Apps nobody claimed after their owner left, to decommission. */
  unclaimed: AppRecord[];
  /** Apps nobody used or kept after being asked, to decommission. */
  inactive: AppRecord[];
  /** Exceptions that have run out, to end (the rule applies again). */
  endingExceptions: PolicyException[];
}
