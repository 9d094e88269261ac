import type { Manifest } from '../src/domain/manifest';
import { createSecretScanner } from '../src/secrets/scan-secrets';
import type { LatencyStats } from './latency-stats';
import { latencyStats } from './latency-stats';
import { seededRandom } from './seeded-random';
import { timeCalls } from './time-calls';

/** Scan time of one whole manifest, clean and with a credential pasted into its purpose. */
export interface SecretScanLatency {
  manifests: number;
  scans: number;
  warmup: number;
  clean: LatencyStats;
  withCredential: LatencyStats;
  /** Manifests the scanner flagged: none of the clean ones, all of the others, when it works. */
  flagged: { clean: number; withCredential: number };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A fake key in a common assignment form, so the scan has something to find. */
function pasted(random: ReturnType<typeof seededRandom>): string {
  const body = Array.from({ length: 40 }, () => random.pick([...ALNUM])).join('');
  return ` For the nightly export use API_KEY=${body} until the vault entry exists.`;
}

/**
 * Runs the production scanner over whole manifests one after another (`warmup` unmeasured scans
 * first), once over the corpus as generated and once with a credential added to each purpose.
 */
export async function secretScanLatency(
  corpus: readonly Manifest[],
  scans: number,
  warmup: number,
): Promise<SecretScanLatency> {
  const scanner = createSecretScanner();
  const random = seededRandom(4711);
  const dirty = corpus.map((m) => ({ ...m, purpose: m.purpose + pasted(random) }));
  const flagged = { clean: 0, withCredential: 0 };
  for (const m of corpus) if ((await scanner.scan(m)).length > 0) flagged.clean++;
  for (const m of dirty) if ((await scanner.scan(m)).length > 0) flagged.withCredential++;
  const clean = await timeCalls(scans, warmup, (i) => scanner.scan(corpus[i % corpus.length]));
  const withCredential = await timeCalls(scans, warmup, (i) => scanner.scan(dirty[i % dirty.length]));
  return {
    manifests: corpus.length,
    scans,
    warmup,
    clean: latencyStats(clean.samplesMs),
    withCredential: latencyStats(withCredential.samplesMs),
    flagged,
  };
}
