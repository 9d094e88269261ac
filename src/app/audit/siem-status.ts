import type { Registry } from '../../ports/registry';

/** How far one SIEM sink is behind the audit log, for the health check. */
export interface SiemSinkStatus {
  sink: string;
  /** The last audit event's sequence number the sink acknowledged. */
  sentThrough: number;
  /** Events written to the audit log that the sink has not acknowledged yet. */
  behind: number;
  /** Why the last attempt failed; absent once a batch went through. */
  lastError?: string;
  lastErrorAt?: string;
  /** When the sink last acknowledged a batch. */
  sentAt?: string;
}

/** Each configured sink's lag behind the audit log and its last error (a sink not yet tried is behind by the whole log). */
export function createSiemStatus(deps: { registry: Pick<Registry, 'audit' | 'siem'>; sinks: string[] }) {
  return async (): Promise<SiemSinkStatus[]> => {
    const [head, states] = await Promise.all([deps.registry.audit.head(), deps.registry.siem.states()]);
    const last = head?.seq ?? 0;
    return deps.sinks.map((sink) => {
      const state = states.find((s) => s.sink === sink);
      const sentThrough = state?.seq ?? 0;
      return {
        sink,
        sentThrough,
        behind: Math.max(0, last - sentThrough),
        ...(state?.lastError && { lastError: state.lastError }),
        ...(state?.lastErrorAt && { lastErrorAt: state.lastErrorAt }),
        ...(state?.sentAt && { sentAt: state.sentAt }),
      };
    });
  };
}
