import type { KeyObject } from 'node:crypto';

/** The key that signs the audit log's checkpoints, and the log's name in them. */
export interface AuditSigner {
  /** The log's origin line, also the key's name. */
  origin: string;
  publicKey: KeyObject;
  /** The signed note of a checkpoint of `size` events with Merkle root `root`. */
  sign(size: number, root: Buffer): string;
}

/** Somewhere a checkpoint is published, out of the database owner's reach. */
export interface CheckpointPublisher {
  /** What it is, for messages ("the folder /srv/audit", "the witness https://…"). */
  name: string;
  publish(note: string, size: number): Promise<void>;
}
