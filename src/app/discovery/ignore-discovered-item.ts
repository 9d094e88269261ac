import type { Actor } from '../../domain/actor';
import { actorRef } from '../../domain/actor';
import { startOfDay } from '../../domain/dates';
import type { DiscoveredItem } from '../../domain/discovered-item';
import { AppError } from '../../domain/errors';
import { echo, unsafeCharacter } from '../../domain/safe-text';
import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';

/** An admin's ignore: the item (its ref, id or name), why, and the last day it is ignored (`YYYY-MM-DD`). */
export interface IgnoreRequest {
  item: string;
  reason?: string;
  until?: string;
  /** The zone `until` is a day of; UTC when absent. */
  timeZone?: string;
}

/**
 * Leaves a discovered item out of coverage and of the questions through the day `until` (in the
 * reader's zone); the day after, it counts again. Audited.
 */
export function createIgnoreDiscoveredItem(deps: { registry: RegistryWith<'discovered' | 'audit'>; clock: Clock }) {
  return async (request: IgnoreRequest, actor: Actor): Promise<DiscoveredItem> => {
    const reason = request.reason?.trim() ?? '';
    if (!reason || reason.length > 500 || unsafeCharacter(reason, { newlines: true }))
      throw new AppError(
        'discovery.unclear',
        'Say why it is ignored, in at most 500 characters: --reason "a vendor tool, governed by procurement"',
      );
    const day = request.until?.trim() ?? '';
    const start = startOfDay(day, request.timeZone);
    if (!start)
      throw new AppError(
        'discovery.unclear',
        `Give the last day it is ignored as a date like 2027-03-31: --until 2027-03-31${day ? ` ("${echo(day, 30)}" is not one)` : ''}.`,
      );
    const until = new Date(startOfDay(nextDay(day), request.timeZone)!.getTime());
    const now = deps.clock.now();
    if (until <= now)
      throw new AppError(
        'discovery.unclear',
        `${day} has passed; give a day from today on, like --until ${nextDay(now.toISOString().slice(0, 10))}.`,
      );
    return deps.registry.transaction(async (tx) => {
      const at = now.toISOString();
      const found = await tx.discovered.find(request.item, at);
      if (found.length === 0)
        throw new AppError(
          'discovery.not_found',
          `No discovered item is called "${echo(request.item, 60)}". Give its ref (source:id) as \`microapp discover list\` shows it.`,
        );
      if (found.length > 1)
        throw new AppError(
          'discovery.not_found',
          `More than one discovered item goes by "${echo(request.item, 60)}": ${found
            .slice(0, 5)
            .map((i) => i.ref)
            .join(', ')}. Give the ref of the one you mean.`,
        );
      const item = found[0]!;
      const ignored = { reason, until: until.toISOString(), by: actorRef(actor), at };
      await tx.discovered.ignore(item.ref, ignored);
      await tx.audit.append(
        [
          {
            actor,
            action: 'discovery.ignored',
            targetType: 'discovered_item',
            targetId: item.ref,
            outcome: 'success',
            reason,
            details: { until: ignored.until, name: item.name },
          },
        ],
        at,
      );
      return { ...item, ignored, state: 'ignored' };
    });
  };
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
