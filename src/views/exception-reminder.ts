import type { AppRecord } from '../domain/app-record';
import type { Reminder } from '../domain/reminder';
import { ACTIONS } from './action-ids';
import type { DigestContext } from './digest-context';
import type { Block } from '../ports/view-model';
import { day } from './wording';

/** The one-item title of an exception reminder. */
export function exceptionHeadline(r: Reminder, name: string, c: DigestContext): string {
  const e = c.exceptions?.get(r.cycle);
  const rule = e?.ruleId ?? 'a rule';
  return r.stage === 'ended'
    ? `${name}: exception to ${rule} ended`
    : `${name}: exception to ${rule} ends ${day(e?.expiresAt, c.timeZone)}`;
}

/**
 * An exception ending soon (or ended): what rule, until when, what stands in for it, and what
 * happens next. The owner gets "Change details" to fix the cause; the granter is kept informed.
 * Left out when the exception was ended early or is gone.
 */
export function exceptionItem(r: Reminder, app: AppRecord, c: DigestContext): Block[] | undefined {
  const e = c.exceptions?.get(r.cycle);
  if (!e) return undefined;
  const until = day(e.expiresAt, c.timeZone);
  const owner = r.recipient.trim().toLowerCase() === app.owner.trim().toLowerCase();
  const change: Block[] = owner
    ? [{ type: 'actions', buttons: [{ actionId: ACTIONS.changeApp, label: 'Change details', value: app.name }] }]
    : [];
  if (r.stage === 'ended') {
    const now =
      app.status === 'prohibited'
        ? 'Without it the app is not allowed, so it is marked as not allowed.'
        : app.status === 'pending_review' || app.currentRevisionId !== app.approvedRevisionId
          ? 'It was assessed again and waits for review.'
          : 'It was assessed again and stays approved.';
    return [
      {
        type: 'text',
        text: `The exception to the rule ${e.ruleId} for "${app.name}" ran out on ${until}, so the rule applies again. ${now}`,
        tone: 'warning',
      },
      ...change,
    ];
  }
  if (e.endedAt) return undefined;
  return [
    {
      type: 'text',
      text: `The exception to the rule ${e.ruleId} for "${app.name}" ends on ${until}. Until then: ${e.controls}`,
      tone: 'warning',
    },
    {
      type: 'context',
      text: owner
        ? "Fix what the rule is about before then by changing the app's details; otherwise it is assessed again with the rule and may need review."
        : 'You granted it. When it ends the app is assessed again with the rule in force.',
    },
    ...change,
  ];
}
