import type { PurgeAnswer, PurgeObligation } from '../domain/purge-answer';

/** Owners' answers to purge reminders, read and written inside a registry transaction. */
export interface PurgeLog {
  insert(answer: PurgeAnswer): Promise<void>;
  /** Every answer to one cycle, oldest first. */
  answers(appId: string, obligation: PurgeObligation, cycle: string): Promise<PurgeAnswer[]>;
  /** The ids of apps whose cycles at or after `since` were confirmed purged, as `appId|cycle`. */
  purgedSince(obligation: PurgeObligation, since: string): Promise<Set<string>>;
}
