import type { ReminderAnswer } from '../app/sweep/answer-reminder';
import { ACTIONS } from './action-ids';
import type { AppValue } from '../domain/app-value';

/** The id of a value question's input beside a re-certify button (value: the reminder id). */
export function valueInputId(question: keyof AppValue, reminderId: string): string {
  return `microapp.value.${question}:${reminderId}`;
}

/** What was typed in the message's inputs, by input id (nothing when the message has none). */
export type TypedInputs = (inputId: string) => string | undefined;

/**
 * The digest buttons that answer a reminder, by action id, each with how its value (and what was
 * typed beside it) becomes the answer. Both adapters route every one of them to `answerReminder`
 * and show the outcome, so a new button needs only an entry here.
 */
export const REMINDER_BUTTONS: Readonly<Record<string, (value: string, typed: TypedInputs) => ReminderAnswer>> = {
  [ACTIONS.recertify]: (value, typed) => ({
    reminderId: value,
    action: 'recertify',
    value: {
      hoursSavedPerMonth: typed(valueInputId('hoursSavedPerMonth', value)),
      users: typed(valueInputId('users', value)),
    },
  }),
  [ACTIONS.confirmPurge]: (value) => ({ reminderId: value, action: 'purged' }),
  [ACTIONS.reportNotPurged]: (value) => ({ reminderId: value, action: 'not_purged' }),
  [ACTIONS.snooze]: (value) => {
    const [reminderId = '', days = ''] = value.split(':');
    return { reminderId, action: 'snooze', days: Number(days) };
  },
  [ACTIONS.stillInUse]: (value) => ({ reminderId: value, action: 'keep' }),
};
