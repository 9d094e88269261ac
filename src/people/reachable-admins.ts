import { isEmail, uniqueRefs } from '../domain/actor';
import type { ChatPlatform } from '../domain/outbound';
import type { Policy } from '../policy/policy';
import type { PeopleDirectory } from './people-directory';
import { splitRef } from './people-directory';

/**
 * The policy's admins who can be reached on a connected platform: user refs of a connected
 * platform, and emails the directory resolves to an active person known there. Admin alerts go
 * only to them, so an alert never fails for want of an address.
 */
export async function reachableAdmins(
  policy: Pick<Policy, 'roles'>,
  platforms: readonly ChatPlatform[],
  directory: Pick<PeopleDirectory, 'lookup'>,
): Promise<string[]> {
  const connected = (ref: string) => (platforms as readonly string[]).includes(splitRef(ref)[0]);
  const reachable: string[] = [];
  for (const admin of uniqueRefs(policy.roles.admin?.members ?? [])) {
    if (!isEmail(admin)) {
      if (connected(admin)) reachable.push(admin);
      continue;
    }
    const person = await directory.lookup(admin).catch(() => undefined);
    if (person?.active && person.refs.some(connected)) reachable.push(admin);
  }
  return reachable;
}
