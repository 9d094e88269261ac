import type { Assessment, RequiredApproval } from './assessment';
import type { Manifest } from './manifest';

/** Lifecycle states of a registered app (DESIGN.md section 2.2). */
export const APP_STATUSES = [
  'pending_review',
  'approved',
  'rejected',
  'prohibited',
  'expired',
  'decommissioned',
] as const;
export type AppStatus = (typeof APP_STATUSES)[number];

/** One app in the registry: its latest revision's headline facts. */
export interface AppRecord {
  id: string;
  name: string;
  status: AppStatus;
  owner: string;
  backupOwner?: string;
  businessUnit?: string;
  tier: number;
  score: number;
  currentRevisionId: string;
  approvedRevisionId?: string;
  expiresAt?: string;
  /** The approved revision's `retentionDays`: each such cycle the owner confirms old data was purged. */
  retentionDays?: number;
  /** Since when the app has had test data in a sandbox that nobody has confirmed purged. */
  sandboxSince?: string;
  /** When the app last reported use (a heartbeat) or its owner said it is still in use. */
  lastActiveAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** Every change to an app is a revision; approvals belong to a revision. */
export interface RevisionRecord {
  id: string;
  appId: string;
  number: number;
  manifest: Manifest;
  assessment: Assessment;
  submittedBy: string;
  createdAt: string;
}

export type ReviewStatus = 'open' | 'approved' | 'denied';

/** A request for approval of one revision. */
export interface ReviewRecord {
  id: string;
  appId: string;
  revisionId: string;
  status: ReviewStatus;
  requiredApprovals: RequiredApproval[];
  /** Bumped by every change; a decision only lands on the version it read. */
  version: number;
  decidedBy?: string;
  decidedAt?: string;
  reason?: string;
  createdAt: string;
  approvals: ApprovalRecord[];
}

/** One person's approval toward a review, counted against one role. */
export interface ApprovalRecord {
  approver: string;
  role: string;
  at: string;
}

/** A review with the app and the revision it decides on: what an approval card shows. */
export interface ReviewRecords {
  review: ReviewRecord;
  app: AppRecord;
  revision: RevisionRecord;
}
