import type { AuditEvent } from './audit';

/** The app an audit event is about, as SIEM tags. */
export interface SiemApp {
  id: string;
  name: string;
  tier: number;
  /** The owner as the registry keeps them (a chat user ref or an email). */
  owner: string;
  /** The owner's email, when known and `owner` is not already it. */
  ownerEmail?: string;
}

/** One audit event as a SIEM receives it: one JSON line. `id` is the key to drop a duplicate by. */
export interface SiemRecord {
  seq: number;
  id: string;
  at: string;
  action: string;
  outcome: string;
  actor: { platform: string; user: string };
  target: { type: string; id: string };
  reason: string | null;
  policyVersion: string | null;
  riskScore: number | null;
  details: Record<string, unknown>;
  hash: string;
  app?: SiemApp;
}

/** The SIEM record of an audit event, tagged with its app when it has one. */
export function siemRecord(event: AuditEvent, app: SiemApp | undefined): SiemRecord {
  let details: Record<string, unknown>;
  try {
    details = JSON.parse(event.details) as Record<string, unknown>;
  } catch {
    details = { raw: event.details };
  }
  return {
    seq: event.seq,
    id: event.id,
    at: event.at,
    action: event.action,
    outcome: event.outcome,
    actor: { platform: event.actorPlatform, user: event.actorUser },
    target: { type: event.targetType, id: event.targetId },
    reason: event.reason,
    policyVersion: event.policyVersion,
    riskScore: event.riskScore,
    details,
    hash: event.hash,
    ...(app && {
      app: {
        id: app.id,
        name: app.name,
        tier: app.tier,
        owner: app.owner,
        ...(app.ownerEmail && { ownerEmail: app.ownerEmail }),
      },
    }),
  };
}

/** The record as one line of JSON, without the line break. */
export function siemLine(record: SiemRecord): string {
  return JSON.stringify(record);
}
