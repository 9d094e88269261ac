/** What an owner or reviewer is reminded of (DESIGN.md section 2.4). */
export const OBLIGATIONS = [
  'recertification',
  'review_deadline',
  'incident_ack',
  'incident_rca',
  'ownerless',
  'retention',
  'test_data',
  'exception',
  'inactivity',
] as const;
export type Obligation = (typeof OBLIGATIONS)[number];

/** Obligations that reach people at once, outside working hours too. */
export const URGENT: readonly Obligation[] = ['incident_ack'];

/** Where a reminder is in its life. */
export const REMINDER_STATES = ['pending', 'sent', 'superseded', 'cancelled'] as const;
export type ReminderState = (typeof REMINDER_STATES)[number];

/**
 * One stage of one obligation cycle for one recipient: "Expense Helper needs re-certifying, 7 days
 * left" for its owner. `cycle` names the cycle (the expiry date being re-certified, the review
 * waiting); `stage` the step within it (`d7`, `expired`, `remind`, `escalate`).
 */
export interface Reminder {
  id: string;
  appId: string;
  obligation: Obligation;
  cycle: string;
  stage: string;
  /** A user ref or email. */
  recipient: string;
  dueAt: string;
  /** Not before this time: the due time, or the end of a snooze. */
  sendAfter: string;
  state: ReminderState;
  /** True when it went to this recipient because someone before them did not act. */
  escalated: boolean;
  /** How often it has gone out (a snoozed reminder goes again). */
  sends: number;
  digestId?: string;
  sentAt?: string;
  createdAt: string;
}

/** A stage that is due: who hears about it, and whether it ends the cycle. */
export interface DueStage {
  appId: string;
  obligation: Obligation;
  cycle: string;
  stage: string;
  dueAt: string;
  recipients: string[];
  /** Who hears instead once a recipient has had as many reminders as the policy allows. */
  escalateTo: string[];
  /** The last word of a cycle (expired, escalated): never capped or snoozed. */
  final: boolean;
}

/** The key of one obligation cycle: reminders of a cycle that is no longer open are cancelled. */
export function cycleKey(r: Pick<Reminder, 'appId' | 'obligation' | 'cycle'>): string {
  return `${r.appId}|${r.obligation}|${r.cycle}`;
}

/** The key a recipient's reminders of one cycle share: the newest stage wins, the cap counts across them. */
export function threadKey(r: Pick<Reminder, 'appId' | 'obligation' | 'cycle' | 'recipient'>): string {
  return `${cycleKey(r)}|${r.recipient.trim().toLowerCase()}`;
}
