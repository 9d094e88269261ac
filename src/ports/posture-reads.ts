import type { AppRecord } from '../domain/app-record';
import type { AuditEvent } from '../domain/audit';
import type { PostureFactKind } from '../domain/posture-facts';

/** How many live apps have one posture fact, and how many of those reach it with a key or credential. */
export interface FactCount {
  kind: PostureFactKind;
  value: string;
  apps: number;
  withSecret: number;
}

/** An open review as the flow view lists it. */
export interface WaitingReview {
  reviewId: string;
  appId: string;
  appName: string;
  tier: number;
  createdAt: string;
}

/** A decided review's tier and times, for median time to decision. */
export interface DecidedReview {
  tier: number;
  createdAt: string;
  decidedAt: string;
}

/** A row of a list that names an app. */
export interface AppRow {
  appId: string;
  appName: string;
}

/** A list's first rows, and how many there are in all. */
export interface Counted<T> {
  total: number;
  rows: T[];
}

/** A stored revision, as the app page lists them. */
export interface RevisionRow {
  id: string;
  number: number;
  createdAt: string;
  submittedBy: string;
  policyVersion: string;
  tier?: number;
  score?: number;
}

/** Grouped and indexed reads for the posture dashboard: no call reads every app. */
export interface PostureReads {
  /** Per posture fact, how many live apps (see `LIVE_STATUSES`) have it, from their current revisions. */
  liveFactCounts(): Promise<FactCount[]>;
  /** How many apps are in `statuses`. */
  appCount(statuses: readonly string[]): Promise<number>;
  /** Open reviews per tier, and per tier how many were opened before that tier's cutoff (when given): late against its target. */
  waitingByTier(cutoffs: Record<number, string>): Promise<{ tier: number; waiting: number; late: number }[]>;
  /** The `limit` longest-waiting open reviews. */
  oldestWaiting(limit: number): Promise<WaitingReview[]>;
  /** Reviews decided at or after `since`. */
  decidedSince(since: string): Promise<DecidedReview[]>;
  /** Exceptions in force at `now`: the first `limit` by expiry, and the count. */
  exceptionsInForce(
    now: string,
    limit: number,
  ): Promise<Counted<AppRow & { ruleId: string; expiresAt: string; grantedBy: string }>>;
  /** Approved apps whose approval ends in [from, to): the first `limit` by date, and the count. */
  expiringBetween(
    from: string,
    to: string,
    limit: number,
  ): Promise<Counted<AppRow & { expiresAt: string; owner: string }>>;
  /** Open incidents: the first `limit` by age, and the count. */
  openIncidents(
    limit: number,
  ): Promise<Counted<AppRow & { summary: string; openedAt: string; acknowledgedAt?: string }>>;
  /** Opening and resolving times of incidents resolved at or after `since`. */
  resolvedSince(since: string): Promise<{ openedAt: string; resolvedAt: string }[]>;
  /** Apps that any of `refs` owns, backs up, or submitted a revision of, by name, up to `limit`. */
  appsOf(refs: readonly string[], limit: number): Promise<Counted<AppRecord>>;
  /** True when any of `refs` owns, backs up, or submitted a revision of the app. */
  isAppOf(appId: string, refs: readonly string[]): Promise<boolean>;
  /** The app's revisions, newest first. */
  revisionsOf(appId: string): Promise<RevisionRow[]>;
  /** Up to `limit` audit events about the app or its reviews, newest first. */
  auditOf(appId: string, limit: number): Promise<AuditEvent[]>;
}
