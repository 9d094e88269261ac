import type { AuditEvent } from '../../domain/audit';
import type { SiemRecord } from '../../domain/siem-record';
import { siemRecord } from '../../domain/siem-record';
import type { Clock } from '../../ports/clock';
import type { Registry } from '../../ports/registry';
import type { SiemSink } from '../../ports/siem-sink';

/** What one forwarding step did. */
export type ForwardStep =
  | { state: 'sent'; count: number; seq: number; full: boolean }
  | { state: 'caught-up'; seq: number }
  | { state: 'held-elsewhere' }
  | { state: 'failed'; error: string };

/** The SIEM records of `events`, each tagged with the app it is about (looked up in one batch). */
export async function tagEvents(registry: Pick<Registry, 'siem'>, events: AuditEvent[]): Promise<SiemRecord[]> {
  const ids = (type: string) => [...new Set(events.filter((e) => e.targetType === type).map((e) => e.targetId))];
  const tags = await registry.siem.appTags(ids('app'), ids('review'));
  return events.map((e) =>
    siemRecord(e, e.targetType === 'app' || e.targetType === 'review' ? tags.get(e.targetId) : undefined),
  );
}

/**
 * Sends the next batch of audit events after the sink's cursor, in order, and moves the cursor
 * only once the sink acknowledged the whole batch. A failure leaves the cursor where it was and is
 * recorded for the health check; the next try sends the first half of the batch, so a batch the
 * collector refuses for good narrows down to the one event it refuses (`microapp siem skip`), and
 * every event before it goes out. A batch that goes through brings back the full size. The cursor row's lease
 * keeps the sink to one replica: another replica's step answers `held-elsewhere`. While the log
 * holds nothing past what this replica last saw sent, a step only reads the log's head (no write).
 * `release` gives the lease up at shutdown.
 */
export function createForwardAuditEvents(deps: {
  registry: Pick<Registry, 'audit' | 'siem'>;
  sink: SiemSink;
  /** This replica's name in the lease. */
  owner: string;
  clock: Clock;
  batchSize?: number;
  leaseMs?: number;
}) {
  const batchSize = deps.batchSize ?? 500;
  const leaseMs = deps.leaseMs ?? 60_000;
  let known: number | undefined;
  let size = batchSize;
  const step = async (): Promise<ForwardStep> => {
    const head = (await deps.registry.audit.head())?.seq ?? 0;
    if (known !== undefined && head <= known) return { state: 'caught-up', seq: known };
    const now = deps.clock.now();
    const after = await deps.registry.siem.claim(
      deps.sink.name,
      deps.owner,
      now.toISOString(),
      new Date(now.getTime() + leaseMs).toISOString(),
    );
    if (after === undefined) return { state: 'held-elsewhere' };
    known = after;
    const events = await deps.registry.audit.events(after, size);
    if (events.length === 0) return { state: 'caught-up', seq: after };
    const records = await tagEvents(deps.registry, events);
    try {
      await deps.sink.send(records);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await deps.registry.siem.failed(deps.sink.name, deps.owner, message, deps.clock.now().toISOString());
      size = Math.max(1, Math.floor(events.length / 2));
      return { state: 'failed', error: message };
    }
    const seq = events[events.length - 1]!.seq;
    if (!(await deps.registry.siem.advance(deps.sink.name, deps.owner, seq, deps.clock.now().toISOString())))
      return { state: 'held-elsewhere' };
    known = seq;
    const full = events.length === size;
    size = batchSize;
    return { state: 'sent', count: events.length, seq, full };
  };
  return { step, release: () => deps.registry.siem.release(deps.sink.name, deps.owner) };
}
