import type { AuditEvent, AuditInput } from '../domain/audit';

/** The hash-chained audit log: appended inside a registry transaction, read outside one. */
export interface AuditLog {
  /** Appends events to the hash chain, in order, stamped `at`. */
  append(events: AuditInput[], at: string): Promise<void>;
  /** Up to `limit` events after sequence number `afterSeq`, in order. */
  events(afterSeq: number, limit: number): Promise<AuditEvent[]>;
  /** Up to `limit` events about one app (the app and its reviews) after `afterSeq`, in order. */
  eventsOfApp(appId: string, afterSeq: number, limit: number): Promise<AuditEvent[]>;
  /** The hashes of up to `limit` events after `afterSeq`, in order: the leaves of the checkpoints' Merkle tree. */
  hashes(afterSeq: number, limit: number): Promise<{ seq: number; hash: string }[]>;
  /** One event by its sequence number or its id. */
  event(ref: number | string): Promise<AuditEvent | undefined>;
  /** The chain's last sequence number and hash, if any event was written. */
  head(): Promise<{ seq: number; hash: string } | undefined>;
}
