import type { DigestRecords } from '../app/queries/read-message-records';
import type { Policy } from '../policy/policy';

/** What a digest is rendered from: its reminders and the records they are about, as they are now, with names for a reader. */
export interface DigestContext extends DigestRecords {
  names: Record<string, string>;
  timings: Policy['timings'];
  timeZone?: string;
}
