import type { DiscoveryCoverage } from '../../domain/discovery-coverage';
import { discoveryCoverage } from '../../domain/discovery-coverage';
import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';

/** Coverage per source and overall, now; the configured sources are listed even before their first scan. */
export function createReadDiscoveryCoverage(deps: {
  registry: RegistryWith<'discovered'>;
  clock: Clock;
  sources: readonly { name: string }[];
}) {
  return (): Promise<DiscoveryCoverage> =>
    deps.registry.read(async (tx) => {
      const now = deps.clock.now().toISOString();
      const [counts, progress, delays] = await Promise.all([
        tx.discovered.counts(now),
        tx.discovered.allProgress(),
        tx.discovered.registrationDelays(),
      ]);
      return discoveryCoverage(
        counts,
        progress,
        delays,
        deps.sources.map((s) => s.name),
      );
    });
}
