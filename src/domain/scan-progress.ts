import type { DiscoveryState } from './discovered-item';

/** How far a source's scan has got, and how its last one ended. */
export interface ScanProgress {
  source: string;
  /** The scan under way (absent when none is): items it has seen carry this id. */
  scanId?: string;
  /** Where the scan under way resumes; absent before its first page. */
  cursor?: string;
  startedAt?: string;
  /** Pages the scan under way has stored. */
  pages: number;
  lastCompleteAt?: string;
  /**
   * Why the last attempt stopped, with what fixes it; absent once a scan completes. `retryAt` is set
   * when the failure may pass by itself (a rate limit, an outage): the source is due again then.
   */
  error?: { code: string; fix: string; at: string; retryAt?: string };
  /** The replica scanning the source, until when: another leaves the source alone meanwhile. */
  lease?: { owner: string; until: string };
}

/** Items and weight of one source in one state. */
export interface DiscoveryCount {
  source: string;
  state: DiscoveryState;
  items: number;
  weight: number;
}
