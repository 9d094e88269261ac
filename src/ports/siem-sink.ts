import type { SiemRecord } from '../domain/siem-record';

/** Where audit events go for the SIEM: a file, syslog or an HTTP collector. */
export interface SiemSink {
  /** The sink's name, which keys its cursor: file, syslog or http. */
  readonly name: string;
  /** Sends the records in order; settles only once the sink has acknowledged them all, throws otherwise. */
  send(records: SiemRecord[]): Promise<void>;
  /** Lets go of connections and files. */
  close(): Promise<void>;
}
