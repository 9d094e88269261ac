import type { AppRecord } from '../domain/app-record';
import { lastActivityAt } from '../domain/last-activity';
import type { Reminder } from '../domain/reminder';
import { ACTIONS } from './action-ids';
import type { DigestContext } from './digest-context';
import type { Block } from '../ports/view-model';
import { day, personName } from './wording';

const DAY_MS = 86_400_000;

/** A digest's title when it holds only this inactivity reminder. */
export function inactivityHeadline(r: Reminder, name: string): string {
  return r.stage === 'retired' ? `${name}: decommissioned, not in use` : `${name}: still in use?`;
}

/**
 * An inactivity reminder as a digest item: keep or retire a quiet app (Still in use, Retire it),
 * or the news that it was retired. Undefined once the app shows a sign of use or, for the
 * question, once it is retired.
 */
export function inactivityItem(
  r: Reminder,
  app: AppRecord,
  c: Pick<DigestContext, 'names' | 'timings' | 'timeZone'>,
): Block[] | undefined {
  const { afterDays, answerDays } = c.timings.inactivity;
  const since = day(r.cycle, c.timeZone);
  if (r.stage === 'retired') {
    if (app.status !== 'decommissioned') return undefined;
    return [
      {
        type: 'text',
        text: `"${app.name}" is decommissioned: nothing showed it in use since ${since}, and nobody said to keep it within ${answerDays} days of being asked. Its heartbeat token no longer works. Its data and users need the decommission plan carried out.`,
        tone: 'danger',
      },
    ];
  }
  if (
    (app.status !== 'approved' && app.status !== 'expired') ||
    lastActivityAt(app, c.timings.recertification.everyDays) !== r.cycle
  )
    return undefined;
  const by = day(new Date(Date.parse(r.sentAt ?? r.dueAt) + answerDays * DAY_MS).toISOString(), c.timeZone);
  const question = r.escalated
    ? `${personName(app.owner, c.names)} has not said whether "${app.name}" is still in use: nothing has shown it in use since ${since}.`
    : `Nothing has shown "${app.name}" in use since ${since} (${afterDays} days or more). Is it still needed?`;
  return [
    { type: 'text', text: `${question} Without an answer by ${by} it is decommissioned.`, tone: 'warning' },
    {
      type: 'context',
      text: 'Still in use keeps it registered. If nobody needs it any more, retire it. An app that sends a heartbeat with its token (the token command) is never asked.',
    },
    {
      type: 'actions',
      buttons: [
        { actionId: ACTIONS.stillInUse, label: 'Still in use', value: r.id, style: 'primary' },
        { actionId: ACTIONS.retireApp, label: 'Retire it', value: app.name, style: 'danger' },
      ],
    },
  ];
}
