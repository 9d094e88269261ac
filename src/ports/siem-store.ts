/** What the health check shows of one SIEM sink. */
export interface SiemCursorState {
  /** The sink's name: file, syslog or http. */
  sink: string;
  /** The last audit event's sequence number the sink acknowledged. */
  seq: number;
  /** Why the last attempt failed; absent once a batch went through. */
  lastError?: string;
  lastErrorAt?: string;
  /** When the sink last acknowledged a batch. */
  sentAt?: string;
}

/** The tags a SIEM line carries for an app. */
export interface SiemAppTag {
  id: string;
  name: string;
  tier: number;
  /** The owner as the registry keeps them (a chat user ref or an email). */
  owner: string;
  /** The owner's email, when the people directory knows it and `owner` is not already it. */
  ownerEmail?: string;
}

/** The SIEM forwarder's cursors (one per sink, with a lease so one replica sends at a time) and its app lookups. */
export interface SiemStore {
  /**
   * Takes or renews the sink's lease for `owner` until `until` when it is free, expired or already
   * `owner`'s, and returns the sink's cursor; undefined when another replica holds it.
   */
  claim(sink: string, owner: string, now: string, until: string): Promise<number | undefined>;
  /** Moves the sink's cursor to `seq` and clears its error; false when `owner` no longer holds the lease. */
  advance(sink: string, owner: string, seq: number, at: string): Promise<boolean>;
  /** Gives up `owner`'s lease on the sink (at shutdown), so the next replica need not wait for it to run out. */
  release(sink: string, owner: string): Promise<void>;
  /** Records why the sink's last attempt failed (the cursor stays). */
  failed(sink: string, owner: string, error: string, at: string): Promise<void>;
  /** Every sink's cursor, for the health check. */
  states(): Promise<SiemCursorState[]>;
  /** The sequence number just before the first audit event stamped at or after `at` (the last one's when none is). */
  seqBefore(at: string): Promise<number>;
  /** The tags of the apps with these ids and of the apps of these reviews, keyed by app or review id. */
  appTags(appIds: string[], reviewIds: string[]): Promise<Map<string, SiemAppTag>>;
}

/** A sink's cursor moved by hand, inside a transaction with its audit event. */
export interface SiemCursors {
  /**
   * Moves the sink's cursor from `from` to `to` and clears its error, only if it is still at `from`
   * (a replica sending meanwhile wins); false when it had moved. The lease is left alone.
   */
  skip(sink: string, from: number, to: number): Promise<boolean>;
}
