import type { AuditEvent } from '../domain/audit';

/** The hash-chained audit log, read outside a transaction. */
export interface AuditLog {
  /** Up to `limit` events after sequence number `afterSeq`, in order. */
  events(afterSeq: number, limit: number): Promise<AuditEvent[]>;
  /** The chain's last sequence number and hash, if any event was written. */
  head(): Promise<{ seq: number; hash: string } | undefined>;
}
