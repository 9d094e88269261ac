import { randomUUID } from 'node:crypto';
import { setTimeout as wait } from 'node:timers/promises';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { ScanProgress } from '../../ports/discovered-items';
import type { DiscoverySource } from '../../ports/discovery-source';
import { DiscoverySourceError } from '../../ports/discovery-source';
import type { RegistryWith } from '../../ports/registry';
import type { SecretScanner } from '../../secrets/scan-secrets';
import { cleanFacts } from './clean-facts';

/** How one source's scan went. */
export interface ScanOutcome {
  source: string;
  /**
   * `busy`: another replica or process is scanning it; `not-due`: scanned less than
   * `discovery.everyHours` ago; `stopped`: the process is shutting down (the next start resumes).
   */
  outcome: 'complete' | 'failed' | 'busy' | 'not-due' | 'stopped';
  /** Pages read in this run. */
  pages: number;
  items: number;
  /** Items seen for the first time. */
  added: number;
  /** Items that went gone when the scan completed. */
  gone: number;
  /** Free-text fields left out because they looked like secrets. */
  withheld: number;
  /** The run carried on a scan cut short before, from its stored cursor. */
  resumed: boolean;
  error?: { code: string; fix: string; permanent: boolean };
}

/** What a scan needs. */
export interface ScanDeps {
  registry: RegistryWith<'discovered' | 'sweepLock'>;
  scanner: SecretScanner;
  clock: Clock;
  policy: () => Pick<Policy, 'discovery'>;
  /** Waits between pages and before retries, ending early when `signal` aborts; the timer when absent. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A scan holds its source this long past its last stored page; a process killed mid-scan frees it when this runs out. */
export const SCAN_LEASE_MS = 30 * 60_000;
/** Retries of a page after a transient failure, before the scan stops (to resume from the same page next time); a source asking to wait longer than MAX_BACKOFF_MS stops it at once. */
export const PAGE_RETRIES = 4;
const MAX_BACKOFF_MS = 5 * 60_000;
/** A scan stopped by a failure that may pass by itself is tried again after this, or after the source's own wait when longer. */
export const RETRY_AFTER_FAILURE_MS = 60 * 60_000;

const timer = (ms: number, signal?: AbortSignal) =>
  wait(ms, undefined, { signal }).catch((error: unknown) => {
    if (!signal?.aborted) throw error;
  });

/**
 * Scans one source page by page. Each page is stored in one transaction with the cursor after it, so
 * a scan cut short resumes there; transient failures are retried with backoff (honouring the source's
 * retry-after), a permanent one stops this source with its fix recorded. The last page completes the
 * scan: items it did not see miss a scan, and after `discovery.missedScansToGone` in a row are gone.
 * With `dueOnly`, a source scanned less than `discovery.everyHours` ago is left alone.
 */
export function createScanSource(deps: ScanDeps) {
  const sleep = deps.sleep ?? timer;
  return async function scanSource(
    source: DiscoverySource,
    options: { owner?: string; dueOnly?: boolean; signal?: AbortSignal } = {},
  ): Promise<ScanOutcome> {
    const owner = options.owner ?? randomUUID();
    const outcome: ScanOutcome = {
      source: source.name,
      outcome: 'complete',
      pages: 0,
      items: 0,
      added: 0,
      gone: 0,
      withheld: 0,
      resumed: false,
    };
    const claimed = await claim(source.name, owner, options.dueOnly ?? false);
    if (claimed === 'busy' || claimed === 'not-due') return { ...outcome, outcome: claimed };
    let progress = claimed.progress;
    outcome.resumed = claimed.resumed;
    let lastRequest: number | undefined;
    const stop = async () => {
      const stopped = progress;
      await deps.registry.transaction((tx) => tx.discovered.saveProgress({ ...stopped, lease: undefined }));
      return { ...outcome, outcome: 'stopped' as const };
    };
    for (;;) {
      if (options.signal?.aborted) return stop();
      let read: Awaited<ReturnType<typeof readPage>>;
      try {
        read = await readPage(source, progress.cursor, lastRequest, (t) => (lastRequest = t), options.signal);
      } catch (error) {
        const failure = asSourceError(source.name, error);
        const now = deps.clock.now();
        const at = now.toISOString();
        const retryAt = failure.permanent
          ? undefined
          : new Date(now.getTime() + Math.max(failure.retryAfterMs ?? 0, RETRY_AFTER_FAILURE_MS)).toISOString();
        await deps.registry.transaction((tx) =>
          tx.discovered.saveProgress({
            ...progress,
            lease: undefined,
            error: { code: failure.code, fix: failure.fix, at, ...(retryAt && { retryAt }) },
          }),
        );
        return {
          ...outcome,
          outcome: 'failed',
          error: { code: failure.code, fix: failure.fix, permanent: failure.permanent },
        };
      }
      if (!read) return stop();
      const { page, cleaned } = read;
      const at = deps.clock.now().toISOString();
      const scanId = progress.scanId!;
      const stored = await deps.registry.transaction(async (tx) => {
        if ((await tx.discovered.progress(source.name))?.lease?.owner !== owner) return undefined;
        outcome.added += await tx.discovered.upsert(source.name, scanId, cleaned.items, at);
        if (page.cursor) {
          const next: ScanProgress = {
            ...progress,
            cursor: page.cursor,
            pages: progress.pages + 1,
            error: undefined,
            lease: { owner, until: new Date(Date.parse(at) + SCAN_LEASE_MS).toISOString() },
          };
          await tx.discovered.saveProgress(next);
          return next;
        }
        outcome.gone = (
          await tx.discovered.completeScan(source.name, scanId, at, deps.policy().discovery.missedScansToGone)
        ).gone;
        const done: ScanProgress = { source: source.name, pages: 0, lastCompleteAt: at };
        await tx.discovered.saveProgress(done);
        return done;
      });
      if (!stored) return { ...outcome, outcome: 'busy' };
      progress = stored;
      outcome.pages++;
      outcome.items += cleaned.items.length;
      outcome.withheld += cleaned.withheld;
      if (!page.cursor) return outcome;
    }
  };

  async function readPage(
    source: DiscoverySource,
    cursor: string | undefined,
    lastRequest: number | undefined,
    requested: (at: number) => void,
    signal: AbortSignal | undefined,
  ) {
    for (let attempt = 0; ; attempt++) {
      if (lastRequest !== undefined) {
        const pause = lastRequest + source.paceMs - performance.now();
        if (pause > 0) await sleep(pause, signal);
      }
      if (signal?.aborted) return undefined;
      lastRequest = performance.now();
      requested(lastRequest);
      try {
        const page = await source.scanPage(cursor);
        if (!page || typeof page !== 'object') throw asSourceError(source.name, new Error('the answer is not a page'));
        if (page.cursor !== undefined && (typeof page.cursor !== 'string' || page.cursor === cursor))
          throw asSourceError(source.name, new Error('the next-page cursor is missing or repeats this page'));
        return { page, cleaned: await cleanFacts(source.name, page.items, deps.scanner) };
      } catch (error) {
        const failure = asSourceError(source.name, error);
        if (failure.permanent || attempt >= PAGE_RETRIES || (failure.retryAfterMs ?? 0) > MAX_BACKOFF_MS) throw failure;
        await sleep(Math.max(failure.retryAfterMs ?? 0, 1000 * 2 ** attempt), signal);
      }
    }
  }

  async function claim(
    name: string,
    owner: string,
    dueOnly: boolean,
  ): Promise<'busy' | 'not-due' | { progress: ScanProgress; resumed: boolean }> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const result = await deps.registry.transaction(async (tx) => {
        if (!(await tx.sweepLock.take())) return undefined;
        const now = deps.clock.now();
        const at = now.toISOString();
        const stored = (await tx.discovered.progress(name)) ?? { source: name, pages: 0 };
        if (stored.lease && stored.lease.until > at && stored.lease.owner !== owner) return 'busy' as const;
        if (dueOnly && !isDue(stored, deps.policy().discovery.everyHours, now)) return 'not-due' as const;
        const resumed = Boolean(stored.scanId);
        const progress: ScanProgress = {
          ...(resumed ? stored : { ...stored, scanId: randomUUID(), cursor: undefined, startedAt: at, pages: 0 }),
          lease: { owner, until: new Date(now.getTime() + SCAN_LEASE_MS).toISOString() },
        };
        await tx.discovered.saveProgress(progress);
        return { progress, resumed };
      });
      if (result) return result;
      await sleep(200);
    }
    return 'busy';
  }
}

/**
 * A source is due `everyHours` after its last attempt ended (complete, or failed for good), at its
 * `retryAt` after a failure that may pass by itself (when that comes sooner), at once when a scan was
 * cut short without a failure (a process killed mid-scan), and when it never completed one.
 */
export function isDue(progress: ScanProgress, everyHours: number, now: Date): boolean {
  const retryAt = progress.error?.retryAt;
  if (retryAt && Date.parse(retryAt) <= now.getTime()) return true;
  const last = progress.error?.at ?? (progress.scanId ? undefined : progress.lastCompleteAt);
  return !last || Date.parse(last) + everyHours * 3_600_000 <= now.getTime();
}

function asSourceError(source: string, error: unknown): DiscoverySourceError {
  if (error instanceof DiscoverySourceError) return error;
  return new DiscoverySourceError({
    source,
    code: 'unreadable_answer',
    permanent: false,
    fix: `The source could not be read (${error instanceof Error ? error.message : String(error)}). The next scan tries again from the same page; if it keeps happening, check the source's URL and network access.`,
    cause: error,
  });
}
