import type { DiscoveredItem, DiscoveryState } from '../domain/discovered-item';
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
  /** Items and weight per source and effective state. */
  counts(now: string): Promise<DiscoveryCount[]>;
  /** For items registered after discovery found them: when first seen, and when an app first listed their ref. */
  registrationDelays(): Promise<{ source: string; firstSeenAt: string; registeredAt: string }[]>;
}
