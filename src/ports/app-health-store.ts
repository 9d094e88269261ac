import type { AppHealth, HealthCheckRecord, HealthStatus } from '../domain/app-health';

/** An approved app with a declared health endpoint: what a round checks. */
export interface HealthTarget {
  appId: string;
  name: string;
  owner: string;
  url: string;
}

/** Which replica runs the health round, until when, and when rounds last ran. */
export interface HealthRound {
  leaseOwner?: string;
  leaseUntil?: string;
  lastStartedAt?: string;
  lastCompleteAt?: string;
}

/** Apps' health: the current state per app, a bounded history of checks, and the round's lease. */
export interface AppHealthStore {
  /**
   * Up to `limit` approved apps with a health endpoint whose id sorts after `after`, in id order;
   * with `checkedBefore`, only those not checked since then (never checked included).
   */
  targets(query: { after?: string; limit: number; checkedBefore?: string }): Promise<HealthTarget[]>;
  /** The app's current health, if it was ever checked. */
  current(appId: string): Promise<AppHealth | undefined>;
  /** Stores the app's current health. */
  save(health: AppHealth): Promise<void>;
  /** Adds a check to the app's history, keeping its latest `keep` checks. */
  record(check: HealthCheckRecord, keep: number): Promise<void>;
  /** The app's latest checks, newest first. */
  history(appId: string, limit: number): Promise<HealthCheckRecord[]>;
  /** Approved apps per current health status. */
  counts(): Promise<{ status: HealthStatus; apps: number }[]>;
  /** Approved apps not healthy now (failing first, then the longest so), at most `limit`. */
  troubled(limit: number): Promise<(AppHealth & { name: string })[]>;
  /** The round's lease and times. */
  round(): Promise<HealthRound>;
  /** Stores the round's lease and times. */
  saveRound(round: HealthRound): Promise<void>;
}
