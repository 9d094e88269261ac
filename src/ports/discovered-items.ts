import type { ClaimAnswer, DiscoveredItem, DiscoveryState } from '../domain/discovered-item';
import type { DiscoveryCount, ScanProgress } from '../domain/scan-progress';

export type { DiscoveryCount, ScanProgress } from '../domain/scan-progress';
import type { DiscoveredFacts } from './discovery-source';

/** Which items to list. */
export interface DiscoveredQuery {
  source?: string;
  state?: DiscoveryState;
  /** The time the effective states are worked out for. */
  now: string;
}

/** Discovered items and scan progress, read and written inside a registry transaction. */
export interface DiscoveredItems {
  /**
   * Stores a page of a scan: new items are added, known ones updated and marked seen by `scanId`
   * (no longer gone, no scan missed). Claim states, first sighting and ignores are kept. Returns how
   * many of the items were new.
   */
  upsert(source: string, scanId: string, items: readonly DiscoveredFacts[], at: string): Promise<number>;
  /** The source's scan progress; undefined before its first scan. */
  progress(source: string): Promise<ScanProgress | undefined>;
  /** Every source's scan progress, by name. */
  allProgress(): Promise<ScanProgress[]>;
  /** Writes a source's scan progress in full. */
  saveProgress(progress: ScanProgress): Promise<void>;
  /**
   * Ends scan `scanId` as complete: every item of the source it did not see has missed one more
   * scan, and those that have now missed `missedToGone` in a row are gone. Returns how many went.
   */
  completeScan(source: string, scanId: string, at: string, missedToGone: number): Promise<{ gone: number }>;
  /** Items by source then name, with their effective state. */
  list(query: DiscoveredQuery): Promise<DiscoveredItem[]>;
  /** Items whose ref, external id or name is `key`. */
  find(key: string, now: string): Promise<DiscoveredItem[]>;
  /** Leaves an item out of coverage and of the questions until `until`. */
  ignore(ref: string, ignore: NonNullable<DiscoveredItem['ignored']>): Promise<void>;
  /** The items these refs name, with their effective state; unknown refs are left out. */
  byRefs(refs: readonly string[], now: string): Promise<DiscoveredItem[]>;
  /**
   * Items nobody has been asked about yet, whose creator no round found unreachable, and the admins
   * have not been told of: effective state `new` (not registered, not ignored, not gone), oldest
   * first, at most `limit`.
   */
  awaitingQuestion(now: string, limit: number): Promise<DiscoveredItem[]>;
  /** How many items each of these people was asked about since `since`, keyed as given. */
  askedSince(people: readonly string[], since: string): Promise<Map<string, number>>;
  /** Records the question to `person`, only while the item is still `new`; false when it is not (asked already). */
  markAsked(ref: string, person: string, at: string): Promise<boolean>;
  /** Records that no one could be asked about these items (still `new` and not asked): they go to the admins. */
  markUnreachable(refs: readonly string[], at: string): Promise<void>;
  /** Records an answer: the claim state, who answered and when. */
  answer(ref: string, claim: ClaimAnswer, by: string, at: string): Promise<void>;
  /**
   * Items for the admins that they have not been told of, oldest first, at most `limit`: creator
   * unreachable, answered Not mine, or asked at or before `askedBefore` and still unanswered (and not
   * registered, ignored or gone).
   */
  awaitingAdmins(askedBefore: string, now: string, limit: number): Promise<DiscoveredItem[]>;
  /** Records that the admins were told about these items. */
  markAdminNotified(refs: readonly string[], at: string): Promise<void>;
  /** When the admins were last told about any item; undefined before the first time. */
  lastAdminNoticeAt(): Promise<string | undefined>;
  /** Items and weight per source and effective state. */
  counts(now: string): Promise<DiscoveryCount[]>;
  /** For items registered after discovery found them: when first seen, and when an app first listed their ref. */
  registrationDelays(): Promise<{ source: string; firstSeenAt: string; registeredAt: string }[]>;
}
