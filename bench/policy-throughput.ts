import type { Manifest } from '../src/domain/manifest';
import { assess } from '../src/policy/assess';
import type { Policy } from '../src/policy/policy';
import { elapsedMs } from './time-calls';

/** How fast `assess` runs on one thread. */
export interface PolicyThroughput {
  manifests: number;
  warmupMs: number;
  measuredMs: number;
  evaluated: number;
  perSecond: number;
  microsPerManifest: number;
}

/**
 * Runs `assess(policy, manifest)` over the corpus on the main thread: whole passes for about
 * `warmupMs` (so V8 has optimised the hot paths), then whole passes until `durationMs` has passed
 * or `maxPasses` passes are done. Counts every evaluation; results feed a checksum so none can be
 * optimised away.
 */
export function policyThroughput(
  policy: Policy,
  corpus: readonly Manifest[],
  durationMs = 3000,
  warmupMs = 750,
  maxPasses = 500,
): PolicyThroughput {
  let checksum = 0;
  const pass = () => {
    for (const m of corpus) {
      const a = assess(policy, m);
      checksum += a.score + a.reasons.length + a.shortfalls.length;
    }
  };
  const warm = process.hrtime.bigint();
  do pass();
  while (elapsedMs(warm) < warmupMs);
  const warmupTook = elapsedMs(warm);

  let passes = 0;
  const start = process.hrtime.bigint();
  do {
    pass();
    passes++;
  } while (passes < maxPasses && elapsedMs(start) < durationMs);
  const measuredMs = elapsedMs(start);
  if (checksum < 0) throw new Error('unreachable');
  const evaluated = passes * corpus.length;
  return {
    manifests: corpus.length,
    warmupMs: warmupTook,
    measuredMs,
    evaluated,
    perSecond: evaluated / (measuredMs / 1000),
    microsPerManifest: (measuredMs * 1000) / evaluated,
  };
}
