import type { View } from '../ports/view-model';
import { plainText } from './plain-text';
import { unknownZoneNote } from './wording';

/** A date as `day` and `moment` write it ("7 Dec 2027"). */
const WRITTEN_DATE = /\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b/;

/**
 * A view for one reader: when their time zone is not known and the view shows a date, it ends by
 * saying the zone its dates are written in (UTC), so nobody reads a UTC day as their own.
 */
export function withZoneNote(view: View, timeZone: string | undefined): View {
  const note = unknownZoneNote(timeZone);
  if (!note || !WRITTEN_DATE.test(plainText(view))) return view;
  return { ...view, blocks: [...view.blocks, { type: 'context', text: note }] };
}
