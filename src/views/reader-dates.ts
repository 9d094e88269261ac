/**
 * The "time zone" of a message many people read at once (an approval card in a reviewer channel):
 * each reader sees its dates in their own zone, where the platform can show them so. `day()` given
 * it writes a reader date, a marker each renderer turns into its platform's date on its one
 * escaping path (Slack `<!date^…>`, Teams `{{DATE(…)}}`); anything else shows the date in UTC,
 * saying so.
 */
export const EACH_READERS_ZONE = 'each-readers-own';

/** Unique to this process, so no text a user types can pass for a reader date. */
const NONCE = Math.random().toString(36).slice(2, 10);
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKER = new RegExp(`${OPEN}${NONCE}(\\d+)${CLOSE}`, 'g');

const UTC_DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A date (the moment `iso`) that each reader sees in their own zone, as a marker in text. */
export function readerDate(iso: string): string {
  return `${OPEN}${NONCE}${Date.parse(iso)}${CLOSE}`;
}

/** True when `text` holds a reader date. */
export function hasReaderDates(text: string): boolean {
  MARKER.lastIndex = 0;
  return MARKER.test(text);
}

/** `text` with each reader date replaced by what `render` makes of its moment. */
export function renderReaderDates(text: string, render: (at: Date) => string): string {
  return text.replace(MARKER, (_, ms: string) => render(new Date(Number(ms))));
}

/** A reader date where the platform cannot localise it: the day in UTC, naming the zone ("6 Dec 2027 UTC"). */
export function utcDay(at: Date): string {
  return `${UTC_DAY.format(at)} UTC`;
}

/** `text` with each reader date written as its day in UTC, naming the zone (plain text, titles, buttons). */
export function readerDatesInUtc(text: string): string {
  return renderReaderDates(text, utcDay);
}

/** `text` cut by `cut` to `max`, moved back to before a reader date the cut would split. */
export function cutBeforeDates(text: string, max: number, cut: (text: string, max: number) => string): string {
  if (text.length <= max) return text;
  const open = text.lastIndexOf(OPEN, max - 1);
  const close = open >= 0 ? text.indexOf(CLOSE, open) : -1;
  return open >= 0 && close >= max - 1 ? `${text.slice(0, open)}…` : cut(text, max);
}
