import { randomUUID } from 'node:crypto';
import { AppError } from '../../domain/errors';
import { echo } from '../../domain/safe-text';
import type { DiscoverySource } from '../../ports/discovery-source';
import type { ScanDeps, ScanOutcome } from './scan-source';
import { createScanSource } from './scan-source';

/** What running discovery needs: the configured sources besides what a scan needs. */
export interface RunDiscoveryDeps extends ScanDeps {
  sources: readonly DiscoverySource[];
}

/**
 * Scans the configured sources one after another (or the one named): a source that fails is reported
 * with its fix and the others still run. With `dueOnly` (the scheduler), only sources due by
 * `discovery.everyHours` are scanned, and a source another replica is scanning is left to it. Once
 * `signal` aborts, the scan under way stops after its current page (it resumes on the next run).
 */
export function createRunDiscovery(deps: RunDiscoveryDeps) {
  const scan = createScanSource(deps);
  const owner = randomUUID();
  return async (options: { source?: string; dueOnly?: boolean; signal?: AbortSignal } = {}): Promise<ScanOutcome[]> => {
    let sources = deps.sources;
    if (options.source) {
      sources = sources.filter((s) => s.name === options.source);
      if (sources.length === 0) {
        const progress = await deps.registry.read((tx) => tx.discovered.progress(options.source!));
        throw new AppError(
          'discovery.unknown_source',
          progress
            ? `${echo(options.source, 40)} is an imported source: import its new export with microapp discover import --source ${echo(options.source, 40)} FILE.`
            : `No discovery source is called "${echo(options.source, 40)}". Configured: ${deps.sources.map((s) => s.name).join(', ') || 'none'}.`,
        );
      }
    }
    const outcomes: ScanOutcome[] = [];
    for (const source of sources) {
      try {
        if (options.signal?.aborted) break;
        outcomes.push(await scan(source, { owner, dueOnly: options.dueOnly, signal: options.signal }));
      } catch (error) {
        outcomes.push({
          source: source.name,
          outcome: 'failed',
          pages: 0,
          items: 0,
          added: 0,
          gone: 0,
          withheld: 0,
          resumed: false,
          error: {
            code: 'store_unavailable',
            permanent: false,
            fix: `The scan could not be stored (${error instanceof Error ? error.message : String(error)}); check the database, then run it again.`,
          },
        });
      }
    }
    return outcomes;
  };
}
