import { createLogger } from '../src/log/logger';
import type { Actor } from '../src/domain/actor';
import { openRuntime } from '../src/runtime';
import { inFreshProcess, serveFreshProcess } from './fresh-process';
import type { DatabaseTarget } from '../src/store/database-target';
import type { LatencyStats } from './latency-stats';
import { latencyStats } from './latency-stats';
import { registrationInputs } from './registration-inputs';
import { timeCalls } from './time-calls';

/** Latency of one stretch of consecutive registrations (to show whether it drifts as the process ages). */
export interface RegistrationBlock {
  /** 1-based numbers of the first and last measured registration in the block. */
  from: number;
  to: number;
  p50: number;
  p99: number;
}

/** Latency and throughput of sequential registrations on one database. */
export interface RegistrationLatency {
  registrations: number;
  warmup: number;
  latency: LatencyStats;
  perSecond: number;
  /** The measured registrations in consecutive blocks, oldest first. */
  blocks: RegistrationBlock[];
  /** How many of the measured registrations landed in each tier, and with which decision. */
  tiers: Record<string, number>;
  decisions: Record<string, number>;
  /** Heap in use at the end (MiB), after a collection when `--expose-gc` is on. */
  heapUsedMiB: number;
}

const ACTOR: Actor = { platform: 'slack', tenant: 'TBENCH', userId: 'UBENCH' };

/**
 * Opens the real runtime on `target` (migrations, the policy in `policyDir`, secret scanner,
 * system clock) and calls `core.submitRegistration(input, actor)` one after another: `warmup`
 * unmeasured calls, then `count` measured ones, every input a distinct, acceptable tier 1–3
 * registration. Any rejection fails the bench.
 */
export async function registrationLatency(
  target: DatabaseTarget,
  policyDir: string,
  count: number,
  warmup = 100,
  blockSize = 500,
): Promise<RegistrationLatency> {
  const runtime = await openRuntime(
    { database: target, policyDir },
    createLogger({ level: 'error', write: () => undefined }),
  );
  try {
    const inputs = registrationInputs(runtime.policy, warmup + count);
    const decisions: Record<string, number> = {};
    const tiers: Record<string, number> = {};
    const timed = await timeCalls(count, warmup, async (i) => {
      const result = await runtime.core.submitRegistration(inputs[i], ACTOR);
      if (i < warmup) return;
      decisions[result.assessment.decision] = (decisions[result.assessment.decision] ?? 0) + 1;
      tiers[`tier ${result.assessment.tier}`] = (tiers[`tier ${result.assessment.tier}`] ?? 0) + 1;
    });
    const blocks: RegistrationBlock[] = [];
    for (let from = 0; from < count; from += blockSize) {
      const stats = latencyStats(timed.samplesMs.slice(from, from + blockSize));
      blocks.push({ from: from + 1, to: Math.min(count, from + blockSize), p50: stats.p50, p99: stats.p99 });
    }
    (globalThis as { gc?: () => void }).gc?.();
    return {
      registrations: count,
      warmup,
      latency: latencyStats(timed.samplesMs),
      perSecond: count / (timed.totalMs / 1000),
      blocks,
      tiers: Object.fromEntries(Object.entries(tiers).sort()),
      decisions,
      heapUsedMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    };
  } finally {
    await runtime.close();
  }
}

interface ChildRequest {
  target: DatabaseTarget;
  policyDir: string;
  count: number;
  warmup: number;
}

/**
 * `registrationLatency` in a fresh Node process (this module, forked), so each database's run
 * starts like a newly started bot: nothing left over from earlier runs in module-level state.
 */
export function registrationLatencyInFreshProcess(
  target: DatabaseTarget,
  policyDir: string,
  count: number,
  warmup = 100,
): Promise<RegistrationLatency> {
  return inFreshProcess<ChildRequest, RegistrationLatency>(
    __filename,
    { target, policyDir, count, warmup } satisfies ChildRequest,
    'registration',
    ['--expose-gc'],
  );
}

if (require.main === module && process.send)
  serveFreshProcess((request: ChildRequest) =>
    registrationLatency(request.target, request.policyDir, request.count, request.warmup),
  );
