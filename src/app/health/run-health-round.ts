import { randomUUID } from 'node:crypto';
import type { HealthStatus } from '../../domain/app-health';
import type { Logger } from '../../log/logger';
import type { Policy } from '../../policy/policy';
import type { HealthTarget } from '../../ports/app-health-store';
import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';
import type { HealthCheckResult } from './check-app-health';

/** Apps read from the database at a time. */
const PAGE = 200;
/** How long a round holds the lease without renewing it (renewed with every page). */
const ROUND_LEASE_MS = 5 * 60_000;
/** A check may come this early and still count as due (ticks are not exact). */
const DUE_SLACK_MS = 30_000;

/** What one round did. */
export interface HealthRoundReport {
  /** `busy`: another replica (or the CLI) runs a round now; `interrupted`: it lost its lease or was stopped. */
  outcome: 'complete' | 'busy' | 'interrupted';
  /** Each app checked, in the order the checks ended. */
  results: HealthCheckResult[];
  /** Apps per status among those checked. */
  counts: Record<HealthStatus, number>;
  /** Checks that could not be stored (the database failed); they are tried again next round. */
  unstored: number;
  ms: number;
}

/** What a round needs: the store, the policy's `healthChecks`, and the check of one app. */
export interface RunHealthRoundDeps {
  registry: RegistryWith<'health' | 'sweepLock'>;
  policy: () => Pick<Policy, 'healthChecks'>;
  clock: Clock;
  logger: Logger;
  /** Checks one app and stores the outcome; undefined when `signal` stopped it (nothing stored). */
  check: (target: HealthTarget, signal?: AbortSignal) => Promise<HealthCheckResult | undefined>;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * One health round: holds the round's lease in the database (one replica at a time), reads approved
 * apps with a health endpoint a page at a time (with `dueOnly`, those not checked for
 * `healthChecks.everyMinutes`) and checks them `healthChecks.concurrency` at a time, so a round over
 * many apps holds at most that many connections and bodies.
 */
export function createRunHealthRound(deps: RunHealthRoundDeps) {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return async (options: { dueOnly?: boolean; signal?: AbortSignal } = {}): Promise<HealthRoundReport> => {
    const started = performance.now();
    const owner = randomUUID();
    const report: HealthRoundReport = {
      outcome: 'complete',
      results: [],
      counts: { healthy: 0, degraded: 0, failing: 0 },
      unstored: 0,
      ms: 0,
    };
    if (!(await claim(owner))) return { ...report, outcome: 'busy', ms: performance.now() - started };
    const { everyMinutes, concurrency } = deps.policy().healthChecks;
    const checkedBefore = options.dueOnly
      ? new Date(deps.clock.now().getTime() - everyMinutes * 60_000 + DUE_SLACK_MS).toISOString()
      : undefined;
    const queue: HealthTarget[] = [];
    let after: string | undefined;
    let exhausted = false;
    let reading: Promise<void> | undefined;
    const readPage = async () => {
      if (!(await renew(owner)) || options.signal?.aborted) {
        report.outcome = 'interrupted';
        exhausted = true;
        return;
      }
      const page = await deps.registry.read((tx) => tx.health.targets({ after, limit: PAGE, checkedBefore }));
      if (page.length < PAGE) exhausted = true;
      after = page.at(-1)?.appId ?? after;
      queue.push(...page);
    };
    const next = async (): Promise<HealthTarget | undefined> => {
      while (queue.length === 0 && !exhausted) {
        reading ??= readPage().finally(() => {
          reading = undefined;
        });
        await reading;
      }
      return report.outcome === 'interrupted' ? undefined : queue.shift();
    };
    const worker = async () => {
      for (let target = await next(); target; target = await next()) {
        try {
          const result = await deps.check(target, options.signal);
          if (!result) {
            report.outcome = 'interrupted';
            break;
          }
          report.results.push(result);
          report.counts[result.status]++;
        } catch (error) {
          report.unstored++;
          deps.logger.warn(`health: the check of "${target.name}" could not be stored; the next round tries again`, {
            error,
          });
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: concurrency }, worker));
    } finally {
      await release(owner, report.outcome === 'complete').catch((error) =>
        deps.logger.warn('health: the round lease could not be released; it lapses by itself', { error }),
      );
    }
    return { ...report, ms: performance.now() - started };
  };

  async function claim(owner: string): Promise<boolean> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const taken = await deps.registry.transaction(async (tx) => {
        if (!(await tx.sweepLock.take())) return undefined;
        const now = deps.clock.now();
        const round = await tx.health.round();
        if (round.leaseOwner && round.leaseUntil && round.leaseUntil > now.toISOString()) return false;
        await tx.health.saveRound({
          ...round,
          leaseOwner: owner,
          leaseUntil: new Date(now.getTime() + ROUND_LEASE_MS).toISOString(),
          lastStartedAt: now.toISOString(),
        });
        return true;
      });
      if (taken !== undefined) return taken;
      await sleep(200);
    }
    return false;
  }

  async function renew(owner: string): Promise<boolean> {
    return deps.registry.transaction(async (tx) => {
      const round = await tx.health.round();
      if (round.leaseOwner !== owner) return false;
      const now = deps.clock.now();
      await tx.health.saveRound({ ...round, leaseUntil: new Date(now.getTime() + ROUND_LEASE_MS).toISOString() });
      return true;
    });
  }

  async function release(owner: string, complete: boolean): Promise<void> {
    await deps.registry.transaction(async (tx) => {
      const round = await tx.health.round();
      if (round.leaseOwner !== owner) return;
      await tx.health.saveRound({
        ...round,
        leaseOwner: undefined,
        leaseUntil: undefined,
        ...(complete && { lastCompleteAt: deps.clock.now().toISOString() }),
      });
    });
  }
}
