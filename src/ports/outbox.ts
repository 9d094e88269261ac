import type { NewOutboundMessage, Outbound, Recipient } from '../domain/outbound';
import type { MessageRef } from './messenger';

/** States of an outbox row. */
export const OUTBOX_STATES = ['pending', 'sending', 'done', 'undeliverable'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** One outbound message as stored. */
export interface OutboxRow extends Required<Pick<NewOutboundMessage, 'recipient' | 'message'>> {
  id: string;
  lane: string;
  state: OutboxState;
  attempts: number;
  dueAt: string;
  /** Set when an earlier attempt may have reached the platform; the next one checks before sending. */
  sendStartedAt?: string;
  lastError?: string;
  fix?: string;
  ref?: MessageRef;
  createdAt: string;
  doneAt?: string;
}

/** What a worker has claimed: the row, leased to it until `leaseUntil`. */
export interface ClaimedRow extends OutboxRow {
  leaseOwner: string;
}

/** The worker's side of the outbox. Use cases write rows with `RegistryTx.outbox.enqueue`. */
export interface OutboxStore {
  /** Queues outbound messages; in a registry transaction they are sent only if it commits, here at once (admin alerts from the worker). */
  enqueue(messages: NewOutboundMessage[], at: string): Promise<void>;
  /**
   * Leases up to `limit` due rows (pending, or sending with an expired lease) to `owner`, oldest
   * first, at most `perLane` from one lane, skipping the lanes in `skipLanes`. Safe with several
   * workers on one database.
   */
  claim(options: {
    owner: string;
    now: string;
    leaseUntil: string;
    limit: number;
    skipLanes: string[];
    perLane?: number;
  }): Promise<ClaimedRow[]>;
  /** Extends the lease and marks the send as started; false when the row is no longer this worker's. */
  startSend(id: string, owner: string, now: string, leaseUntil: string): Promise<boolean>;
  /** The message went out. */
  complete(id: string, owner: string, at: string, ref?: MessageRef): Promise<void>;
  /** Hands the row back for another try at `dueAt`; `maybeSent` keeps the mark that makes the next attempt check first. */
  retry(id: string, owner: string, options: { dueAt: string; error?: string; maybeSent: boolean }): Promise<void>;
  /** Gives up: the platform refused for good, or attempts ran out. */
  giveUp(id: string, owner: string, options: { at: string; error: string; fix: string }): Promise<void>;
  /** Rows in a state, newest first. */
  list(options: { states: OutboxState[]; limit: number }): Promise<OutboxRow[]>;
  /** How many rows are in each state. */
  counts(): Promise<Record<OutboxState, number>>;
  /** When the oldest row still waiting to go out (pending or sending) was queued. */
  oldestWaitingAt(): Promise<string | undefined>;
}

export type { NewOutboundMessage, Outbound, Recipient };
