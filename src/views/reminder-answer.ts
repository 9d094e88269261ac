import type { ReminderOutcome } from '../app/sweep/answer-reminder';
import { day, moment } from './wording';

/** What the person who pressed a reminder's button is told, with dates in their time zone. */
export function reminderAnswer(outcome: ReminderOutcome, timeZone?: string): string {
  switch (outcome.action) {
    case 'recertified':
      return `Re-certified "${outcome.app.name}": approved until ${day(outcome.app.expiresAt, timeZone)}. Thank you.`;
    case 'snoozed':
      return `Snoozed: I will remind you about "${outcome.appName}" again on ${moment(outcome.until, timeZone)}.`;
    case 'purged':
      return `Thank you: recorded that ${outcome.obligation === 'test_data' ? 'the test data' : 'the data past its retention window'} of "${outcome.appName}" was purged.`;
    case 'kept':
      return `Thank you: "${outcome.app.name}" stays registered as in use. I will ask again only if nothing shows it is used for ${outcome.askAgainAfterDays} days; a heartbeat from the app itself (its owner gets the token with the token command) saves you the question.`;
    case 'not_purged':
      return `Recorded that the data of "${outcome.appName}" has not been purged yet, and security has been told. Please purge it soon and confirm here; I will keep reminding you until then.`;
  }
}
