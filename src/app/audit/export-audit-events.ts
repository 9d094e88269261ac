import { siemLine } from '../../domain/siem-record';
import type { Registry } from '../../ports/registry';
import { tagEvents } from './forward-audit-events';

/** Events read per query. */
const PAGE = 1000;

/**
 * The audit events stamped from `since` (inclusive) to `until` (exclusive) as SIEM JSON lines,
 * the same lines the forwarder sends, read page by page from the first event of `since` on, so a
 * large log is never held at once (an event stamped out of order by a replica's clock still counts).
 */
export async function* exportAuditEvents(
  registry: Pick<Registry, 'audit' | 'siem'>,
  range: { since: Date; until?: Date },
): AsyncGenerator<string> {
  const since = range.since.getTime();
  const until = range.until?.getTime() ?? Number.POSITIVE_INFINITY;
  let after = await registry.siem.seqBefore(range.since.toISOString());
  for (;;) {
    const events = await registry.audit.events(after, PAGE);
    if (events.length === 0) return;
    after = events[events.length - 1]!.seq;
    const inRange = events.filter((e) => {
      const at = Date.parse(e.at);
      return at >= since && at < until;
    });
    if (inRange.length > 0) yield `${(await tagEvents(registry, inRange)).map(siemLine).join('\n')}\n`;
  }
}
