import type { AppStatus } from '../domain/app-record';
import type { Decision, RequiredApproval } from '../domain/assessment';
import { EACH_READERS_ZONE, readerDate } from './reader-dates';

/** Plain-language tier names. */
export const TIER_NAMES: Record<number, string> = {
  1: 'Tier 1 (low risk)',
  2: 'Tier 2 (medium risk)',
  3: 'Tier 3 (high risk)',
  4: 'Tier 4 (prohibited)',
};

/** What each decision means for the owner. */
export const DECISION_WORDS: Record<Decision, string> = {
  auto_approve: 'Approved automatically',
  review: 'Needs review',
  prohibited: 'Not allowed',
};

/** Plain-language app statuses. */
export const STATUS_WORDS: Record<AppStatus, string> = {
  pending_review: 'Waiting for review',
  approved: 'Approved',
  rejected: 'Denied',
  prohibited: 'Not allowed',
  expired: 'Expired (re-certify to resume)',
  decommissioned: 'Decommissioned',
};

/** "1 security approval and 1 platform approval". */
export function approvalsWording(approvals: RequiredApproval[]): string {
  return approvals.map((a) => `${a.count} ${a.role} approval${a.count === 1 ? '' : 's'}`).join(' and ');
}

/** A count with its noun in the right number: "1 attempt", "3 attempts", "2 replies" (give the plural when it is not the noun and an s). */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/**
 * A UTC timestamp as a date people read, in the reader's time zone: "21 Nov 2027". For a message
 * many people read (`EACH_READERS_ZONE`), a reader date each renderer shows in every reader's zone.
 */
export function day(iso: string | undefined, timeZone = 'UTC'): string {
  if (!iso) return '-';
  return timeZone === EACH_READERS_ZONE ? readerDate(iso) : formatter('day', timeZone).format(new Date(iso));
}

/** A UTC timestamp as a date and time in the reader's time zone: "21 Nov 2027, 14:05 CET". */
export function moment(iso: string | undefined, timeZone = 'UTC'): string {
  return iso ? formatter('moment', timeZone).format(new Date(iso)) : '-';
}

/** A UTC timestamp as a date and time in `timeZone`, naming the zone as configured: "6 Dec 2027, 14:00 UTC", "6 Dec 2027, 15:00 Europe/Berlin". */
export function zonedMoment(iso: string | undefined, timeZone = 'UTC'): string {
  return iso ? `${formatter('clock', timeZone).format(new Date(iso))} ${zoneName(timeZone)}` : '-';
}

/** The zone dates are written in, as readers are told it: the IANA name, or UTC when the zone is unknown or not valid. */
export function zoneName(timeZone: string | undefined): string {
  if (!timeZone) return 'UTC';
  const resolved = formatter('day', timeZone).resolvedOptions().timeZone;
  return resolved === 'UTC' || resolved === 'Etc/UTC' ? 'UTC' : timeZone;
}

/** For a reader whose time zone is not known: the line saying which zone dates and times are written in; undefined when it is known. */
export function unknownZoneNote(timeZone: string | undefined): string | undefined {
  return timeZone ? undefined : 'Dates and times are in UTC (your time zone is not known to me).';
}

/** The zone line for an answer that shows dates (`hasDates`) to a reader whose zone is unknown; empty otherwise. */
export function zoneLine(timeZone: string | undefined, hasDates = true): string[] {
  const note = hasDates ? unknownZoneNote(timeZone) : undefined;
  return note ? [note] : [];
}

/** Calendar days from `fromIso` to `toIso` for a reader in `timeZone` (days on their calendar, not elapsed 24-hour spans). */
export function calendarDaysBetween(fromIso: string, toIso: string, timeZone = 'UTC'): number {
  const dayNumber = (iso: string) => {
    const parts = formatter('date', timeZone).formatToParts(new Date(iso));
    const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return Date.UTC(part('year'), part('month') - 1, part('day')) / 86_400_000;
  };
  return dayNumber(toIso) - dayNumber(fromIso);
}

const FORMATS = {
  day: { day: 'numeric', month: 'short', year: 'numeric' },
  moment: {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  },
  clock: { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  date: { day: 'numeric', month: 'numeric', year: 'numeric' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per format and time zone, built once (building them is slow); unknown zones fall back to UTC. */
function formatter(kind: keyof typeof FORMATS, timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-GB', { ...FORMATS[kind], timeZone });
    } catch {
      f = new Intl.DateTimeFormat('en-GB', { ...FORMATS[kind], timeZone: 'UTC' });
    }
    if (formatters.size < 1_000) formatters.set(key, f);
  }
  return f;
}

/** A person as readers see them: their display name, else their email, never a raw platform ref. */
export function personName(ref: string | undefined, names: Record<string, string> = {}): string {
  if (!ref) return 'someone';
  if (names[ref]) return names[ref]!;
  if (!/^[a-z]+:/.test(ref)) return ref;
  const [platform, id] = [ref.slice(0, ref.indexOf(':')), ref.slice(ref.indexOf(':') + 1)];
  if (platform === 'cli') return `${id} (command line)`;
  if (platform === 'system') return 'the policy';
  return `someone on ${platform === 'slack' ? 'Slack' : 'Teams'}`;
}
