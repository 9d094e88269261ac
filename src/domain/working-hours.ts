/** When someone may be messaged: hours on given weekdays, in their time zone. */
export interface WorkingHours {
  /** Minutes after midnight, local time. */
  startMinute: number;
  endMinute: number;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  days: number[];
  timeZone: string;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

/** "09:00-17:00" → minutes after midnight; undefined when it is not that shape. */
export function parseHours(text: string | undefined): { startMinute: number; endMinute: number } | undefined {
  const m = /^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$/.exec(text ?? '');
  if (!m) return undefined;
  const startMinute = Number(m[1]) * 60 + Number(m[2]);
  const endMinute = Number(m[3]) * 60 + Number(m[4]);
  return startMinute < endMinute && endMinute <= 24 * 60 ? { startMinute, endMinute } : undefined;
}

/** True when `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string | undefined): zone is string {
  if (!zone) return false;
  try {
    localTime(new Date(0), zone);
    return true;
  } catch {
    return false;
  }
}

/** The weekday (1–7) and minute of the day at `at` in `zone`, daylight saving included. */
export function localTime(at: Date, zone: string): { weekday: number; minute: number } {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return { weekday: WEEKDAYS[parts.weekday!]!, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** True when `at` falls inside the working hours. */
export function isWorkingTime(at: Date, hours: WorkingHours): boolean {
  const { weekday, minute } = localTime(at, hours.timeZone);
  return hours.days.includes(weekday) && minute >= hours.startMinute && minute < hours.endMinute;
}

/** The first minute at or after `at` inside the working hours (searched minute-exact, a week ahead at most). */
export function nextWorkingTime(at: Date, hours: WorkingHours): Date {
  const step = 15 * 60_000;
  let t = new Date(Math.ceil(at.getTime() / 60_000) * 60_000);
  if (isWorkingTime(t, hours)) return t;
  for (let i = 0; i < (8 * 24 * 60 * 60_000) / step; i++) {
    const next = new Date(t.getTime() + step);
    if (isWorkingTime(next, hours)) {
      while (isWorkingTime(new Date(next.getTime() - 60_000), hours) && next.getTime() - 60_000 > t.getTime())
        next.setTime(next.getTime() - 60_000);
      return next;
    }
    t = next;
  }
  return t;
}

/** `from` plus whole business days (Monday to Friday, UTC). */
export function addBusinessDays(from: Date, days: number): Date {
  const t = new Date(from.getTime());
  let left = days;
  while (left > 0) {
    t.setUTCDate(t.getUTCDate() + 1);
    const d = t.getUTCDay();
    if (d !== 0 && d !== 6) left--;
  }
  return t;
}
