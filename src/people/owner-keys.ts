import { isEmail } from '../domain/actor';
import type { PeopleDirectory } from './people-directory';

/**
 * The owner keys an owner filter stands for: everything the directory knows the person by (every
 * ref and their email), found by an email, a user ref or a display name; what was given when the
 * directory does not know it but it is an email or a ref; nothing for an unknown name.
 */
export async function ownerKeys(
  directory: Pick<PeopleDirectory, 'lookup' | 'named'>,
  owner: string,
): Promise<string[]> {
  const given = owner.trim();
  const isKey = isEmail(given) || /^[a-z]+:\S+$/.test(given);
  const person = isKey ? await directory.lookup(given) : undefined;
  const people = person ? [person] : isKey ? [] : await directory.named(given);
  const keys = people.flatMap((p) => [...p.refs, ...(p.email ? [p.email] : [])]);
  if (isKey) keys.push(isEmail(given) ? given.toLowerCase() : given);
  return [...new Set(keys)];
}
