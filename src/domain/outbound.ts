/** Chat platforms the bot delivers to. */
export type ChatPlatform = 'slack' | 'teams';

/**
 * Who an outbound message goes to: a reviewer destination (a Slack channel id or name, a Teams
 * route), a person (a user ref or an email, resolved through the people directory at send time),
 * or every posted copy of a review's card (updated in place).
 */
export type Recipient =
  | { kind: 'channel'; platform: ChatPlatform; channel: string }
  | { kind: 'person'; ref: string }
  | { kind: 'card_copies'; reviewId: string };

/** Something that happened to an app that people are told about in a short note. */
export type Notice =
  | { type: 'registered_for_you'; appId: string; by: string }
  | { type: 'app_transferred'; appId: string; from: string; to: string; by: string }
  | { type: 'app_decommissioned'; appId: string; by: string }
  | { type: 'delivery_problem'; what: string; where: string; code: string; fix: string }
  | { type: 'person_unreachable'; ref: string; what: string; appId?: string }
  | { type: 'route_missing'; platform: ChatPlatform; route: string; tiers: number[] }
  | { type: 'tier_unrouted'; tiers: number[]; connected: ChatPlatform[]; skipped: ChatPlatform[] }
  | { type: 'role_unheld'; appId: string; role: string }
  | { type: 'incident_opened'; appId: string; incidentId: string; by: string; summary: string }
  | { type: 'purge_not_done'; appId: string; obligation: 'retention' | 'test_data'; by: string }
  | {
      type: 'exception_granted';
      appId: string;
      exceptionId: string;
      by: string;
      rule: string;
      until: string;
      controls: string;
      outcome: string;
    }
  | { type: 'exception_ended'; appId: string; exceptionId: string; by: string; rule: string; outcome: string }
  | HealthNotice;

/** What people are told about an app's health checks: the owner when it fails and when it answers again, the admins when failing lasts. */
export type HealthNotice =
  | {
      type: 'health_failing';
      appId: string;
      reason: string;
      since: string;
      failures: number;
      escalateAfterDays: number;
    }
  | { type: 'health_recovered'; appId: string; status: 'healthy' | 'degraded'; failingSince: string }
  | { type: 'health_escalated'; appId: string; owner: string; reason: string; since: string; ownerToldAt: string };

/**
 * What an outbound message shows. It names records, not text: the worker renders it when it sends,
 * with the current state and current names.
 */
export type Outbound =
  | { view: 'approval_card'; reviewId: string }
  | { view: 'risk_summary'; revisionId: string }
  | { view: 'owner_status'; appId: string; reviewId?: string }
  | { view: 'notice'; notice: Notice }
  | { view: 'reminder_digest'; digestId: string }
  | { view: 'discovery_question'; ref: string }
  | { view: 'discovery_digest'; refs: string[] }
  | { view: 'audit_checkpoint'; size: number };

/** A message a use case asks to send, written to the outbox in its transaction. */
export interface NewOutboundMessage {
  recipient: Recipient;
  message: Outbound;
  /** At most one message per key is ever queued (admin alerts use it to stay quiet). */
  dedupeKey?: string;
  /** Not before this time (ISO); now when absent. */
  dueAt?: string;
}

/** The lane a recipient's messages travel in: one slow or failing lane never holds up another. */
export function laneOf(r: Recipient): string {
  switch (r.kind) {
    case 'channel':
      return `${r.platform}:channel:${r.channel}`;
    case 'person':
      return `person:${r.ref.trim().toLowerCase()}`;
    case 'card_copies':
      return `copies:${r.reviewId}`;
  }
}
