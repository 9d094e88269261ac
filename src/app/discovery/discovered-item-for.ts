import type { Actor } from '../../domain/actor';
import { refersTo } from '../../domain/actor';
import type { DiscoveredItem } from '../../domain/discovered-item';
import { AppError } from '../../domain/errors';
import { echo } from '../../domain/safe-text';
import type { Policy } from '../../policy/policy';
import type { DiscoveredItems } from '../../ports/discovered-items';

const SETTLED: Partial<Record<DiscoveredItem['state'], string>> = {
  registered: 'is registered already',
  ignored: 'is ignored by an admin for now',
  gone: 'is no longer found where it was',
  retired: 'was answered as retired',
};

/**
 * The discovered item a chat answer is about, when `actor` may answer for it: the person who was
 * asked, or an admin. Refuses an unknown item, someone else, and an item that needs no answer any more.
 */
export async function discoveredItemFor(
  discovered: Pick<DiscoveredItems, 'byRefs'>,
  ref: string,
  actor: Actor,
  policy: Policy,
  now: string,
): Promise<DiscoveredItem> {
  const [item] = await discovered.byRefs([ref], now);
  if (!item)
    throw new AppError(
      'discovery.not_found',
      `No discovered item is called "${echo(ref, 60)}" any more. Nothing to do; if you run such an app, register it with /microapp register.`,
    );
  const admin = policy.roles.admin?.members.some((m) => refersTo(m, actor)) ?? false;
  if (!admin && !refersTo(item.asked?.person, actor))
    throw new AppError(
      'discovery.not_asked',
      `The question about "${item.name}" went to someone else, so only they (or an admin) can answer it. If it is yours, register it with /microapp register and list ${item.ref} under External refs.`,
    );
  const settled = SETTLED[item.state];
  if (settled) throw new AppError('discovery.settled', `"${item.name}" ${settled}; nothing more is needed.`);
  return item;
}
