import type { AppRecord, ReviewRecord } from '../../src/domain/app-record';
import type { Reminder } from '../../src/domain/reminder';
import type { Policy } from '../../src/policy/policy';
import { reminderDigest } from '../../src/views/reminder-digest';
import type { View } from '../../src/ports/view-model';

/**
 * A digest with every kind of item for each app (re-certify soon, escalated, expired, review
 * waiting, review overdue, purges to confirm), `copies` times over, so renderers meet the longest digest there is.
 */
export function digestSample(
  app: AppRecord,
  review: ReviewRecord,
  policy: Policy,
  names: Record<string, string>,
  copies = 1,
): View {
  const expiring = {
    ...app,
    status: 'approved' as const,
    expiresAt: '2027-11-21T10:00:00.000Z',
    retentionDays: 90,
    sandboxSince: '2027-10-12T10:00:00.000Z',
  };
  const reminder = (i: number, over: Partial<Reminder>): Reminder => ({
    id: `rem-${i}-${over.stage}`,
    appId: expiring.id,
    obligation: 'recertification',
    cycle: expiring.expiresAt,
    stage: 'd30',
    recipient: expiring.owner,
    dueAt: '2027-10-22T10:00:00.000Z',
    sendAfter: '2027-10-22T10:00:00.000Z',
    state: 'sent',
    escalated: false,
    sends: 1,
    createdAt: '2027-10-22T10:00:00.000Z',
    ...over,
  });
  const reminders = Array.from({ length: copies }, (_, i) => [
    reminder(i, { stage: 'd7' }),
    reminder(i, { stage: 'd1', escalated: true, recipient: 'slack:UBACKUP' }),
    reminder(i, { stage: 'expired' }),
    reminder(i, { stage: 'expired', recipient: 'slack:UREVIEWER' }),
    reminder(i, { obligation: 'review_deadline', cycle: review.id, stage: 'remind' }),
    reminder(i, { obligation: 'review_deadline', cycle: review.id, stage: 'escalate' }),
    reminder(i, { obligation: 'retention', cycle: '2027-10-01T10:00:00.000Z', stage: 'due' }),
    reminder(i, { obligation: 'test_data', cycle: expiring.sandboxSince, stage: 'due' }),
  ]).flat();
  const incident = {
    id: 'inc-1',
    appId: expiring.id,
    summary: review.reason ?? 'The sync sent rows to the wrong sheet.',
    openedBy: 'slack:UR',
    openedAt: '2027-10-22T08:00:00.000Z',
  };
  reminders.push(
    reminder(0, { obligation: 'incident_ack', cycle: incident.id, stage: 'unacknowledged' }),
    reminder(0, { obligation: 'incident_rca', cycle: incident.id, stage: 'rca_due' }),
  );
  const view = reminderDigest({
    reminders,
    apps: new Map([[expiring.id, expiring]]),
    reviews: new Map([[review.id, { ...review, status: 'open' }]]),
    incidents: new Map([[incident.id, incident]]),
    purgeAnswers: new Map(),
    names,
    timings: policy.timings,
  });
  if (!view) throw new Error('the sample digest rendered nothing');
  return view;
}
