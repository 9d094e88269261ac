import { editDistance } from './edit-distance';

/**
 * How far a name someone typed is from a registered one, ignoring case: 1 when the name contains it
 * (three letters or more), else the edit distance to the whole name or one more than to its start
 * ("Nudger" is 2 from "Nudge bot"), whichever is less. Never more than `limit`.
 */
export function nameDistance(asked: string, name: string, limit = Infinity): number {
  const a = asked.trim().toLowerCase();
  const n = name.trim().toLowerCase();
  if (a === n) return 0;
  if (a.length >= 3 && n.includes(a)) return Math.min(1, limit);
  const whole = editDistance(a, n, limit);
  const start = n.length > a.length ? editDistance(a, n.slice(0, a.length), limit) + 1 : whole;
  return Math.min(whole, start, limit);
}

/** The furthest a typed name may be from a registered one to be suggested: a third of its length, at least 2. */
export function suggestionLimit(asked: string): number {
  return Math.max(2, Math.floor(asked.trim().length / 3));
}
