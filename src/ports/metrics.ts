/** What the bot counts as it works; a metrics library sits behind it (see `src/metrics`). */
export interface Metrics {
  /** A registration was stored with this tier and decision (`auto_approve`, `review`, `prohibited`). */
  registered(tier: number, decision: string): void;
  /** A review click was recorded: `approved`, `denied` or `approval_recorded`. */
  decided(outcome: string): void;
  /** A request was refused with this error code (`input.invalid`, `review.not_authorized`…). */
  refused(reason: string): void;
  /** A platform's request was answered (acknowledged) after `ms`. */
  acknowledged(platform: string, ms: number): void;
  /** An outbox row was `sent`, handed back for a `retry`, or given up as `undeliverable`. */
  delivered(outcome: 'sent' | 'retry' | 'undeliverable'): void;
  /** A sweep queued `count` reminders of an obligation in digests. */
  reminded(obligation: string, count: number): void;
  /** A discovery scan of a source ended: `complete` or `failed`. */
  scanned(source: string, outcome: 'complete' | 'failed'): void;
}

/** Counts nothing: the CLI and tests that do not look at metrics. */
export const noMetrics: Metrics = {
  registered: () => undefined,
  decided: () => undefined,
  refused: () => undefined,
  acknowledged: () => undefined,
  delivered: () => undefined,
  reminded: () => undefined,
  scanned: () => undefined,
};
