import type { Selectable } from 'kysely';
import type { AppRecord, AppStatus, ReviewRecord, ReviewStatus, RevisionRecord } from '../domain/app-record';
import type { AuditEvent } from '../domain/audit';
import type { Tables } from './tables';
import { nameSkeleton } from '../domain/name-skeleton';

const opt = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

/** An `app` row as a record. */
export function toApp(row: Selectable<Tables['app']>): AppRecord {
  return {
    id: row.id,
    name: row.name,
    status: row.status as AppStatus,
    owner: row.owner,
    backupOwner: opt(row.backup_owner),
    businessUnit: row.business_unit || undefined,
    tier: row.tier,
    score: row.score,
    currentRevisionId: row.current_revision_id,
    approvedRevisionId: opt(row.approved_revision_id),
    expiresAt: opt(row.expires_at),
    retentionDays: opt(row.retention_days),
    sandboxSince: opt(row.sandbox_since),
    lastActiveAt: opt(row.last_active_at),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A record as `app` columns; only the keys present in `app` are set. */
export function fromApp(app: Partial<AppRecord>): Partial<Tables['app']> {
  const row: Partial<Tables['app']> = {};
  if (app.id !== undefined) row.id = app.id;
  if (app.name !== undefined) {
    row.name = app.name;
    row.name_key = nameKey(app.name);
  }
  if (app.status !== undefined) row.status = app.status;
  if (app.owner !== undefined) row.owner = app.owner;
  if ('backupOwner' in app) row.backup_owner = app.backupOwner ?? null;
  if ('businessUnit' in app) row.business_unit = app.businessUnit ?? '';
  if (app.tier !== undefined) row.tier = app.tier;
  if (app.score !== undefined) row.score = app.score;
  if (app.currentRevisionId !== undefined) row.current_revision_id = app.currentRevisionId;
  if ('approvedRevisionId' in app) row.approved_revision_id = app.approvedRevisionId ?? null;
  if ('expiresAt' in app) row.expires_at = app.expiresAt ?? null;
  if ('retentionDays' in app) row.retention_days = app.retentionDays ?? null;
  if ('sandboxSince' in app) row.sandbox_since = app.sandboxSince ?? null;
  if ('lastActiveAt' in app) row.last_active_at = app.lastActiveAt ?? null;
  if (app.createdAt !== undefined) row.created_at = app.createdAt;
  if (app.updatedAt !== undefined) row.updated_at = app.updatedAt;
  return row;
}

/** The key names are unique by: their confusable skeleton, so look-alike names are one name. */
export function nameKey(name: string): string {
  return nameSkeleton(name);
}

/** A `revision` row as a record. */
export function toRevision(row: Selectable<Tables['revision']>): RevisionRecord {
  return {
    id: row.id,
    appId: row.app_id,
    number: row.number,
    manifest: JSON.parse(row.manifest),
    assessment: JSON.parse(row.assessment),
    submittedBy: row.submitted_by,
    createdAt: row.created_at,
  };
}

/** A `review` row and its approvals as a record. */
export function toReview(row: Selectable<Tables['review']>, approvals: Selectable<Tables['approval']>[]): ReviewRecord {
  return {
    id: row.id,
    appId: row.app_id,
    revisionId: row.revision_id,
    status: row.status as ReviewStatus,
    requiredApprovals: JSON.parse(row.required_approvals),
    version: row.version,
    decidedBy: opt(row.decided_by),
    decidedAt: opt(row.decided_at),
    reason: opt(row.reason),
    createdAt: row.created_at,
    approvals: approvals.map((a) => ({ approver: a.approver, role: a.role, at: a.created_at })),
  };
}

/** An `audit_event` row as an event. */
/** An audit event (its hash computed) as its `audit_event` row. */
export function fromAuditEvent(event: AuditEvent): Tables['audit_event'] {
  return {
    seq: event.seq,
    id: event.id,
    at: event.at,
    actor_platform: event.actorPlatform,
    actor_tenant: event.actorTenant,
    actor_user: event.actorUser,
    action: event.action,
    target_type: event.targetType,
    target_id: event.targetId,
    outcome: event.outcome,
    reason: event.reason,
    policy_version: event.policyVersion,
    risk_score: event.riskScore,
    details: event.details,
    prev_hash: event.prevHash,
    hash: event.hash,
  };
}

export function toAuditEvent(row: Selectable<Tables['audit_event']>): AuditEvent {
  return {
    seq: Number(row.seq),
    id: row.id,
    at: row.at,
    actorPlatform: row.actor_platform,
    actorTenant: row.actor_tenant,
    actorUser: row.actor_user,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    outcome: row.outcome,
    reason: row.reason,
    policyVersion: row.policy_version,
    riskScore: row.risk_score,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
