import type { AppRecord } from '../domain/app-record';
import type { Notice } from '../domain/outbound';
import { ACTIONS } from './action-ids';
import type { View } from '../ports/view-model';
import { day, personName } from './wording';

/** What re-assessing the app under (or after) an exception did, in plain words (see `ReassessOutcome`). */
export const REASSESSED_WORDS: Record<string, string> = {
  unchanged: 'Nothing else about it changed.',
  in_force: 'It was assessed again, and the new assessment is in force.',
  review_opened: 'It was assessed again and needs review: its approval card went to the reviewers.',
  requirements: 'Its open review now waits for different approvals.',
  approved: 'Its open review now has every approval it needs, so it is approved.',
  prohibited: 'Without the exception it is not allowed, so it is marked as not allowed.',
};

/** The note to the owner and the granter when an exception is granted or ends. */
export function exceptionNotice(
  notice: Extract<Notice, { type: 'exception_granted' | 'exception_ended' }>,
  app: AppRecord | undefined,
  names: Record<string, string>,
  timeZone?: string,
): View {
  const appName = app?.name ?? 'an app';
  const outcome = REASSESSED_WORDS[notice.outcome] ?? '';
  const change = {
    type: 'actions' as const,
    buttons: [{ actionId: ACTIONS.changeApp, label: 'Change details', value: appName }],
  };
  if (notice.type === 'exception_granted') {
    return {
      title: `${appName}: exception to ${notice.rule} until ${day(notice.until, timeZone)}`,
      blocks: [
        {
          type: 'text',
          text: `${personName(notice.by, names)} granted "${appName}" an exception to the rule ${notice.rule} until ${day(notice.until, timeZone)}. Instead: ${notice.controls}`,
          tone: 'warning',
        },
        { type: 'text', text: outcome },
        {
          type: 'context',
          text: 'Reminders come before it ends; then the rule applies again and the app is assessed again. Fixing what the rule is about before then avoids a new review.',
        },
        change,
      ],
    };
  }
  const early = notice.by !== 'system:scheduler';
  return {
    title: `${appName}: exception to ${notice.rule} ended`,
    blocks: [
      {
        type: 'text',
        text: `The exception to the rule ${notice.rule} for "${appName}" ${early ? `was ended by ${personName(notice.by, names)}` : 'has run out'}, so the rule applies again.`,
        tone: 'warning',
      },
      { type: 'text', text: outcome },
      change,
    ],
  };
}
