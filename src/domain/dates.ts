const DAY_MS = 86_400_000;

/** `date` plus whole days (UTC). */
export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}
