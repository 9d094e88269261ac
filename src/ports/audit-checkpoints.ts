import type { NewOutboundMessage } from '../domain/outbound';

/** A checkpoint as kept: how many events it covers, their root (hex), the signed note, and the tree's right edge. */
export interface StoredCheckpoint {
  size: number;
  root: string;
  note: string;
  /** The saved {@link MerkleFrontier} after `size` events, as JSON. */
  frontier: string;
  createdAt: string;
}

/** The audit log's signed checkpoints, kept beside it (and published elsewhere). */
export interface AuditCheckpoints {
  /** The checkpoint of the most events. */
  latest(): Promise<StoredCheckpoint | undefined>;
  /** The checkpoint of `size` events, if one was kept. */
  find(size: number): Promise<StoredCheckpoint | undefined>;
  /**
   * Keeps a checkpoint and, in the same transaction, queues the messages that announce it; false
   * (nothing queued) when one of that size is kept already.
   */
  add(checkpoint: StoredCheckpoint, announce?: NewOutboundMessage[]): Promise<boolean>;
}
