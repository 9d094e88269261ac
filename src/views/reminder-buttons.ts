import type { ReminderAnswer } from '../app/sweep/answer-reminder';
import { ACTIONS } from './action-ids';

/**
 * The digest buttons that answer a reminder, by action id, each with how its value becomes the
 * answer. Both adapters route every one of them to `answerReminder` and show the outcome, so a new
 * button needs only an entry here.
 */
export const REMINDER_BUTTONS: Readonly<Record<string, (value: string) => ReminderAnswer>> = {
  [ACTIONS.recertify]: (value) => ({ reminderId: value, action: 'recertify' }),
  [ACTIONS.confirmPurge]: (value) => ({ reminderId: value, action: 'purged' }),
  [ACTIONS.reportNotPurged]: (value) => ({ reminderId: value, action: 'not_purged' }),
  [ACTIONS.snooze]: (value) => {
    const [reminderId = '', days = ''] = value.split(':');
    return { reminderId, action: 'snooze', days: Number(days) };
  },
  [ACTIONS.stillInUse]: (value) => ({ reminderId: value, action: 'keep' }),
};
