import { isEmail } from '../domain/actor';
import type { Person } from '../ports/people';
import { personName } from './wording';

/**
 * A person as a list shows them, from what the directory knows: "Ana Lima <ana@example.com>", or
 * the name or email alone; never a raw platform ref. Someone the directory does not know is
 * "someone on Slack" (or Teams), or the email they were named by.
 */
export function personLabel(ref: string | undefined, person: Person | undefined): string {
  const email = person?.email ?? (ref && isEmail(ref) ? ref : undefined);
  if (person?.displayName) return email ? `${person.displayName} <${email}>` : person.displayName;
  return email ?? personName(ref);
}
