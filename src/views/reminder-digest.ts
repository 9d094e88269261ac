import type { AppRecord } from '../domain/app-record';
import { exceptionHeadline, exceptionItem } from './exception-reminder';
import type { Reminder } from '../domain/reminder';
import { cycleKey } from '../domain/reminder';
import { remainingApprovals } from '../domain/review-progress';
import { ACTIONS } from './action-ids';
import { VALUE_QUESTIONS } from '../domain/app-value';
import { valueInputId } from './reminder-buttons';
import type { DigestContext } from './digest-context';
import { inactivityHeadline, inactivityItem } from './inactivity-item';
import type { Block, Button, View } from '../ports/view-model';
import { approvalsWording, day, moment, personName } from './wording';
import { roleLabel } from '../policy/role-label';

/** Items one digest shows; the rest are counted, so a message stays within every platform's limits. */
const MAX_ITEMS = 12;

/**
 * One person's reminders in one message: each item says what is due, by when, and what to do, with
 * its buttons (re-certify, change details, snooze where the policy allows, open the review). Items
 * whose cause has gone (re-certified, decided) meanwhile are left out; undefined when none is left.
 */
export function reminderDigest(c: DigestContext): View | undefined {
  const items = c.reminders.map((r) => item(r, c)).filter((i): i is Block[] => i !== undefined);
  if (items.length === 0) return undefined;
  const shown = items.slice(0, MAX_ITEMS);
  const blocks: Block[] = shown.flatMap((b, i) => (i === 0 ? b : [{ type: 'divider' as const }, ...b]));
  if (items.length > shown.length)
    blocks.push({ type: 'context', text: `And ${items.length - shown.length} more: list your apps to see them all.` });
  const title =
    items.length === 1
      ? headline(c.reminders.find((r) => item(r, c))!, c)
      : `${items.length} things need your attention`;
  return { title, blocks };
}

function headline(r: Reminder, c: DigestContext): string {
  const name = c.apps.get(r.appId)?.name ?? 'An app';
  if (r.obligation === 'review_deadline') return `${name}: review overdue`;
  if (r.obligation === 'incident_ack') return `${name}: incident waiting for security`;
  if (r.obligation === 'incident_rca') return `${name}: root-cause analysis due`;
  if (r.obligation === 'inactivity') return inactivityHeadline(r, name);
  if (r.obligation === 'retention') return `${name}: confirm old data is purged`;
  if (r.obligation === 'test_data') return `${name}: confirm test data is purged`;
  if (r.obligation === 'exception') return exceptionHeadline(r, name, c);
  if (r.obligation === 'ownerless')
    return r.stage === 'unclaimed' ? `${name}: decommissioned, nobody owned it` : `${name}: needs a new owner`;
  return r.stage === 'expired' ? `${name}: expired` : `${name}: re-certify by ${day(r.cycle, c.timeZone)}`;
}

function item(r: Reminder, c: DigestContext): Block[] | undefined {
  const app = c.apps.get(r.appId);
  if (!app) return undefined;
  switch (r.obligation) {
    case 'recertification':
      return recertification(r, app, c);
    case 'review_deadline':
      return reviewDeadline(r, app, c);
    case 'incident_ack':
    case 'incident_rca':
      return incident(r, app, c);
    case 'ownerless':
      return ownerless(r, app, c);
    case 'inactivity':
      return inactivityItem(r, app, c);
    case 'retention':
    case 'test_data':
      return purge(r, app, c);
    case 'exception':
      return exceptionItem(r, app, c);
  }
}

function ownerless(r: Reminder, app: AppRecord, c: DigestContext): Block[] | undefined {
  const owner = personName(app.owner, c.names);
  const left = day(r.cycle, c.timeZone);
  if (r.stage === 'unclaimed') {
    return [
      {
        type: 'text',
        text: `"${app.name}" is decommissioned: ${owner} left on ${left} and nobody took it over within ${c.timings.ownerless.claimDays} days. Its data and users need the decommission plan carried out.`,
        tone: 'danger',
      },
    ];
  }
  if (app.status === 'decommissioned') return undefined;
  const by = day(new Date(Date.parse(r.cycle) + c.timings.ownerless.claimDays * 86_400_000).toISOString(), c.timeZone);
  return [
    {
      type: 'text',
      text: `${owner}, who owns "${app.name}", has left (their account was closed on ${left}). It needs a new owner by ${by}, or it is decommissioned.`,
      tone: 'warning',
    },
    { type: 'context', text: 'Take it over yourself, or hand it to someone who will with the transfer command.' },
    {
      type: 'actions',
      buttons: [{ actionId: ACTIONS.claimApp, label: 'Take ownership', value: app.id, style: 'primary' }],
    },
  ];
}

function purge(r: Reminder, app: AppRecord, c: DigestContext): Block[] | undefined {
  const answers = c.purgeAnswers.get(cycleKey(r)) ?? [];
  if (answers.some((a) => a.outcome === 'purged') || (r.obligation === 'test_data' && app.sandboxSince !== r.cycle))
    return undefined;
  const owner = personName(app.owner, c.names);
  const what =
    r.obligation === 'retention'
      ? `"${app.name}" keeps data for ${app.retentionDays} days, and another ${app.retentionDays} days came round on ${day(r.cycle, c.timeZone)}. Please make sure data older than that has been deleted, then confirm it here.`
      : `"${app.name}" was used with test data in a sandbox on ${day(r.cycle, c.timeZone)}. Test data must be deleted within ${c.timings.testDataPurgeDays} days: please make sure it is gone, then confirm it here.`;
  const notYet = answers.find((a) => a.outcome === 'not_purged');
  if (r.escalated) {
    return [
      {
        type: 'text',
        text: `${owner} has not confirmed after several reminders that ${r.obligation === 'retention' ? `old data of "${app.name}" was purged (its ${app.retentionDays}-day retention window)` : `the sandbox test data of "${app.name}" was purged`}. Please follow up with them.`,
        tone: 'danger',
      },
    ];
  }
  return [
    { type: 'text', text: what, tone: 'warning' },
    {
      type: 'context',
      text: notYet
        ? `On ${day(notYet.answeredAt, c.timeZone)} you said it was not purged yet, and security was told. Confirm once it is done.`
        : 'Your answer is recorded in the audit log. If it has not been purged yet, say so: security is told and can help.',
    },
    {
      type: 'actions',
      buttons: [
        { actionId: ACTIONS.confirmPurge, label: 'Purged', value: r.id, style: 'primary' },
        ...(notYet ? [] : [{ actionId: ACTIONS.reportNotPurged, label: 'Not purged yet', value: r.id }]),
      ],
    },
  ];
}

function incident(r: Reminder, app: AppRecord, c: DigestContext): Block[] | undefined {
  const i = c.incidents.get(r.cycle);
  if (!i || i.resolvedAt || (r.obligation === 'incident_ack' && i.acknowledgedAt)) return undefined;
  const when = moment(i.openedAt, c.timeZone);
  const waiting = r.obligation === 'incident_ack';
  return [
    {
      type: 'text',
      text: waiting
        ? `Nobody has taken the incident reported with "${app.name}" on ${when}: ${i.summary}`
        : `The root-cause analysis of the incident with "${app.name}" (reported ${when}) is due: ${i.summary}`,
      tone: 'danger',
    },
    {
      type: 'context',
      text: waiting
        ? 'Acknowledge it to show it is in hand.'
        : 'Once the analysis is written down, record it here; I stop reminding then.',
    },
    {
      type: 'actions',
      buttons: [
        waiting
          ? { actionId: ACTIONS.acknowledgeIncident, label: 'Acknowledge', value: i.id, style: 'primary' }
          : { actionId: ACTIONS.resolveIncident, label: 'Root cause recorded', value: i.id, style: 'primary' },
      ],
    },
  ];
}

function recertification(r: Reminder, app: AppRecord, c: DigestContext): Block[] | undefined {
  if (app.expiresAt !== r.cycle || (app.status !== 'approved' && app.status !== 'expired')) return undefined;
  const by = day(r.cycle, c.timeZone);
  const steward = [app.owner, app.backupOwner].some(
    (s) => s?.trim().toLowerCase() === r.recipient.trim().toLowerCase(),
  );
  const owner = personName(app.owner, c.names);
  const act: Button[] = [
    { actionId: ACTIONS.recertify, label: 'Re-certify', value: r.id, style: 'primary' },
    { actionId: ACTIONS.changeApp, label: 'Change details', value: app.name },
  ];
  if (r.stage === 'expired') {
    if (!steward)
      return [
        {
          type: 'text',
          text: `"${app.name}", which you approved, expired on ${by} because nobody re-certified it. It is suspended until ${owner} re-certifies it; nothing for you to do unless they ask.`,
        },
      ];
    return [
      {
        type: 'text',
        text: `"${app.name}" expired on ${by} because nobody re-certified it. It is suspended: re-certify it to put it back in force.`,
        tone: 'danger',
      },
      ...valueQuestions(r),
      { type: 'actions', buttons: act },
    ];
  }
  const snooze = c.timings.reminders.snoozable.includes('recertification') && !r.escalated ? snoozeButtons(r, c) : [];
  const text = r.escalated
    ? `"${app.name}" must be re-certified by ${by}, and ${owner} has not done it after several reminders. Please re-certify it, or follow up with them.`
    : `"${app.name}" must be re-certified by ${by}. After that it is suspended until someone re-certifies it.`;
  return [
    { type: 'text', text, tone: 'warning' },
    {
      type: 'context',
      text: 'Nothing changed? Re-certify takes one click. If it now does more than when it was approved, change its details instead: that is reviewed again.',
    },
    ...(steward ? valueQuestions(r) : []),
    { type: 'actions', buttons: [...act, ...snooze] },
  ];
}

/** The two value questions beside Re-certify, both optional: the answers go with the click. */
function valueQuestions(r: Reminder): Block[] {
  return (Object.keys(VALUE_QUESTIONS) as (keyof typeof VALUE_QUESTIONS)[]).map((question) => ({
    type: 'input',
    id: valueInputId(question, r.id),
    label: VALUE_QUESTIONS[question],
    kind: 'text',
    optional: true,
    placeholder: question === 'users' ? 'e.g. 35' : 'e.g. 20',
    maxLength: 20,
  }));
}

function reviewDeadline(r: Reminder, app: AppRecord, c: DigestContext): Block[] | undefined {
  const review = c.reviews.get(r.cycle);
  if (review?.status !== 'open') return undefined;
  const since = day(review.createdAt, c.timeZone);
  const waitsFor = approvalsWording(remainingApprovals(review));
  const sla = c.timings.reviewSla;
  const held = (role: string) => !c.roles || (c.roles[role]?.members.length ?? 0) > 0;
  const unheld = remainingApprovals(review)
    .map((a) => a.role)
    .filter((role) => !held(role));
  const toAdmin =
    r.stage === 'escalate' ? !held(sla.escalateToRole) : unheld.length === remainingApprovals(review).length;
  const nobody = unheld.length
    ? ` Nobody holds the ${unheld.map((role) => roleLabel(role).toLowerCase()).join(' or ')} role: add people to ${unheld.map((role) => `roles.${role}.members`).join(' and ')} in policies/roles.yaml and restart.`
    : '';
  const text =
    r.stage === 'escalate'
      ? `"${app.name}" has waited past its review deadline of ${sla.escalateAfterBusinessDays} business days (since ${since}) for ${waitsFor}. It comes to you as ${toAdmin ? `an admin (nobody holds ${roleLabel(sla.escalateToRole)})` : roleLabel(sla.escalateToRole)}: please review it, or find someone who can.${nobody}`
      : `"${app.name}" has waited since ${since} for ${waitsFor}.${toAdmin ? ` It comes to you as an admin.${nobody}` : ''}`;
  return [
    { type: 'text', text, tone: r.stage === 'escalate' ? 'danger' : 'warning' },
    {
      type: 'context',
      text: "Approve or Deny it on its card in the reviewers' channel; the details are one click away.",
    },
    { type: 'actions', buttons: [{ actionId: ACTIONS.showDetails, label: 'Full details', value: review.revisionId }] },
  ];
}

function snoozeButtons(r: Reminder, c: DigestContext): Button[] {
  return c.timings.reminders.snoozeDays.map((d) => ({
    actionId: ACTIONS.snooze,
    label:
      d === 1
        ? 'Remind me tomorrow'
        : d % 7 === 0
          ? `Remind me in ${d / 7} week${d === 7 ? '' : 's'}`
          : `Remind me in ${d} days`,
    value: `${r.id}:${d}`,
  }));
}
