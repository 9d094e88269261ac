import type { ReminderOutcome } from '../app/answer-reminder';
import { day, moment } from './wording';

/** What the person who pressed a reminder's button is told, with dates in their time zone. */
export function reminderAnswer(outcome: ReminderOutcome, timeZone?: string): string {
  if (outcome.action === 'kept') {
    return `Thank you: "${outcome.app.name}" stays registered as in use. I will ask again only if nothing shows it is used for ${outcome.askAgainAfterDays} days; a heartbeat from the app itself (its owner gets the token with the token command) saves you the question.`;
  }
  return outcome.action === 'recertified'
    ? `Re-certified "${outcome.app.name}": approved until ${day(outcome.app.expiresAt, timeZone)}. Thank you.`
    : `Snoozed: I will remind you about "${outcome.appName}" again on ${moment(outcome.until, timeZone)}.`;
}
