/** A weekday at noon UTC, `days` before `iso` (stepping back over a weekend): inside default working hours. */
export function weekdayNoonBefore(iso: string, days: number): string {
  const d = new Date(Date.parse(iso) - days * 86_400_000);
  d.setUTCHours(12, 0, 0, 0);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString();
}
