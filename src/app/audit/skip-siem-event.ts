import type { Actor } from '../../domain/actor';
import type { AuditEvent } from '../../domain/audit';
import { AppError } from '../../domain/errors';
import { echo } from '../../domain/safe-text';
import type { Clock } from '../../ports/clock';
import type { Policy } from '../../policy/policy';
import type { Registry } from '../../ports/registry';

/** Where a SIEM sink is held: the first event after its cursor, and why its last batch failed. */
export interface SiemHold {
  sink: string;
  event: AuditEvent;
  lastError: string;
  lastErrorAt: string;
  /** True once the cursor moved past the event. */
  skipped: boolean;
}

/**
 * `microapp siem skip`: the event a failing SIEM sink is held at (the forwarder narrows a refused
 * batch down to it), and, when `event` names that same event, moves the sink's cursor past it,
 * audited as `siem.event_skipped` in the same transaction. Refused when the sink is not failing or
 * has moved on; the event stays in the audit log (`microapp audit export` still writes it).
 */
export function createSkipSiemEvent(deps: {
  registry: Pick<Registry, 'audit' | 'siem' | 'transaction'>;
  policy: () => Policy;
  clock: Clock;
}) {
  return async (sink: string, actor: Actor, event?: number): Promise<SiemHold> => {
    const state = (await deps.registry.siem.states()).find((s) => s.sink === sink);
    if (!state)
      throw new AppError(
        'siem.not_held',
        `No SIEM sink called "${echo(sink, 40)}" has sent events from this database. The sinks are file, syslog and http; \`microapp doctor\` names any that fails.`,
      );
    const [next] = await deps.registry.audit.events(state.seq, 1);
    if (!state.lastError || !state.lastErrorAt || !next)
      throw new AppError(
        'siem.not_held',
        `The ${sink} sink is not held at an event (its last batch went through), so there is nothing to skip.`,
      );
    const hold = { sink, event: next, lastError: state.lastError, lastErrorAt: state.lastErrorAt, skipped: false };
    if (event === undefined) return hold;
    if (event !== next.seq)
      throw new AppError(
        'siem.not_held',
        `The ${sink} sink is held at event ${next.seq}, not ${event}, so nothing was skipped. Run microapp siem skip ${sink} to see that event.`,
      );
    return deps.registry.transaction(async (tx) => {
      if (!(await tx.siemCursors.skip(sink, state.seq, next.seq)))
        throw new AppError(
          'siem.not_held',
          `The ${sink} sink moved on meanwhile (its collector took the batch), so nothing was skipped.`,
        );
      await tx.audit.append(
        [
          {
            actor,
            action: 'siem.event_skipped',
            targetType: 'siem_sink',
            targetId: sink,
            outcome: 'success',
            policyVersion: deps.policy().version,
            details: { seq: next.seq, action: next.action, error: hold.lastError.slice(0, 300) },
          },
        ],
        deps.clock.now().toISOString(),
      );
      return { ...hold, skipped: true };
    });
  };
}
