import type { GrantedException } from '../app/exceptions/grant-exception';
import { REASSESSED_WORDS } from './exception-notice';
import { day, plural } from './wording';

/** The granter's answer after an exception is granted, on every platform and the CLI. */
export function exceptionGranted(
  r: Pick<GrantedException, 'app' | 'exception' | 'outcome' | 'remindDaysBefore'>,
  timeZone?: string,
): string {
  const when = r.remindDaysBefore.length
    ? ` I remind you and the owner ${daysBefore(r.remindDaysBefore)} before it ends;`
    : '';
  return `Exception granted: "${r.app.name}" is not held to ${r.exception.ruleId} until ${day(r.exception.expiresAt, timeZone)}. ${REASSESSED_WORDS[r.outcome] ?? ''} Its owner has been told.${when} then the rule applies again and the app is assessed again.`;
}

/** The reminder days, earliest reminder first: "1 day", "3 days", "7 and 1 days". */
function daysBefore(days: readonly number[]): string {
  const sorted = [...days].sort((a, b) => b - a);
  return sorted.length === 1 ? plural(sorted[0]!, 'day') : `${sorted.join(' and ')} days`;
}
