import type { DiscoveryCount, ScanProgress } from './scan-progress';

/** One source's figures. */
export interface SourceCoverage {
  source: string;
  /** Items the source has that are not gone: registered + unregistered + ignored. */
  discovered: number;
  registered: number;
  unregistered: number;
  ignored: number;
  gone: number;
  /** Items their maker answered "It's retired" about: left out like gone ones. */
  retired: number;
  /** registered ÷ (discovered − ignored); 0 when nothing counts. */
  coverage: number;
  /** The same, each item weighted by the permissions it holds (see `itemWeight`). */
  weightedCoverage: number;
  /** Median days from first seen to registered, over items registered after discovery found them. */
  medianDaysToRegister?: number;
  /** When the last complete scan (or import) ended. */
  lastScanAt?: string;
  /** Why the last attempt failed and how to fix it. */
  error?: { code: string; fix: string; at: string };
  /** A scan is under way or was cut short: this many pages are stored. */
  pagesInProgress?: number;
}

/** Coverage per source and overall. */
export interface DiscoveryCoverage {
  coverage: number;
  weightedCoverage: number;
  medianDaysToRegister?: number;
  sources: SourceCoverage[];
}

/**
 * Coverage from the counts per source and state: items matched to a registered app ÷ items
 * discovered, ignored, gone and retired items left out, per source and over all sources; also weighted, and
 * the median days from first seen to registered. `sources` names sources to show even with no items
 * (the configured ones).
 */
export function discoveryCoverage(
  counts: readonly DiscoveryCount[],
  progress: readonly ScanProgress[],
  delays: readonly { source: string; firstSeenAt: string; registeredAt: string }[],
  sources: readonly string[] = [],
): DiscoveryCoverage {
  const names = [...new Set([...sources, ...progress.map((p) => p.source), ...counts.map((c) => c.source)])].sort();
  const rows = names.map((source): SourceCoverage => {
    const mine = counts.filter((c) => c.source === source);
    const items = (state: string) => mine.filter((c) => c.state === state).reduce((n, c) => n + c.items, 0);
    const gone = items('gone');
    const retired = items('retired');
    const ignored = items('ignored');
    const registered = items('registered');
    const discovered = mine.reduce((n, c) => n + c.items, 0) - gone - retired;
    const counted = mine.filter((c) => countsIn(c.state));
    const p = progress.find((x) => x.source === source);
    return {
      source,
      discovered,
      registered,
      unregistered: discovered - registered - ignored,
      ignored,
      gone,
      retired,
      coverage: ratio(registered, discovered - ignored),
      weightedCoverage: ratio(
        counted.filter((c) => c.state === 'registered').reduce((n, c) => n + c.weight, 0),
        counted.reduce((n, c) => n + c.weight, 0),
      ),
      medianDaysToRegister: medianDays(delays.filter((d) => d.source === source)),
      lastScanAt: p?.lastCompleteAt,
      error: p?.error,
      pagesInProgress: p?.scanId ? p.pages : undefined,
    };
  });
  const counted = counts.filter((c) => countsIn(c.state));
  const sum = (list: readonly DiscoveryCount[], key: 'items' | 'weight') => list.reduce((n, c) => n + c[key], 0);
  const matched = counted.filter((c) => c.state === 'registered');
  return {
    coverage: ratio(sum(matched, 'items'), sum(counted, 'items')),
    weightedCoverage: ratio(sum(matched, 'weight'), sum(counted, 'weight')),
    medianDaysToRegister: medianDays(delays),
    sources: rows,
  };
}

/** Gone, retired and ignored items are left out of coverage. */
function countsIn(state: string): boolean {
  return state !== 'gone' && state !== 'ignored' && state !== 'retired';
}

function ratio(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

function medianDays(delays: readonly { firstSeenAt: string; registeredAt: string }[]): number | undefined {
  if (delays.length === 0) return undefined;
  const days = delays
    .map((d) => (Date.parse(d.registeredAt) - Date.parse(d.firstSeenAt)) / 86_400_000)
    .sort((a, b) => a - b);
  const mid = days.length >> 1;
  const median = days.length % 2 ? days[mid]! : (days[mid - 1]! + days[mid]!) / 2;
  return Math.round(median * 10) / 10;
}
