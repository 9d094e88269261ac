import type { DigestRecords } from '../app/queries/read-message-records';
import type { Policy } from '../policy/policy';

/** What a digest is rendered from: its reminders and the records they are about, as they are now, with names for a reader. */
export interface DigestContext extends DigestRecords {
  names: Record<string, string>;
  timings: Policy['timings'];
  /** Who holds each role, so a reminder can say whether it comes to its reader as a reviewer or as an admin; taken as held when absent. */
  roles?: Policy['roles'];
  timeZone?: string;
}
