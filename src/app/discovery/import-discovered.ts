import { randomUUID } from 'node:crypto';
import type { Actor } from '../../domain/actor';
import { parseDiscoveryImport, SOURCE_NAME } from '../../domain/discovery-import';
import { AppError } from '../../domain/errors';
import { echo } from '../../domain/safe-text';
import type { Clock } from '../../ports/clock';
import type { DiscoverySource } from '../../ports/discovery-source';
import { DiscoverySourceError } from '../../ports/discovery-source';
import type { RegistryWith } from '../../ports/registry';
import type { SecretScanner } from '../../secrets/scan-secrets';
import { cleanFacts } from './clean-facts';

/** What an import changed. */
export interface ImportOutcome {
  source: string;
  items: number;
  added: number;
  /** Items of the source absent from this file: gone now. */
  gone: number;
  withheld: number;
}

/**
 * Imports an export of another tool (Zapier, Make, n8n, Apps Script) as one complete scan of the
 * source `source`: every row checked first, then all written in one transaction. The file is the
 * whole list, so an item of the source absent from it is gone at once (a scan of a live source may
 * miss an item for a flaky page; a file someone exported does not).
 */
export function createImportDiscovered(deps: {
  registry: RegistryWith<'discovered' | 'audit'>;
  scanner: SecretScanner;
  clock: Clock;
  sources: readonly DiscoverySource[];
}) {
  return async (request: { source: string; fileName: string; text: string }, actor: Actor): Promise<ImportOutcome> => {
    const source = request.source.trim();
    if (!SOURCE_NAME.test(source))
      throw new AppError(
        'discovery.unclear',
        `"${echo(source, 40)}" cannot name a source: use lower-case letters, digits and dashes, like --source zapier.`,
      );
    if (deps.sources.some((s) => s.name === source))
      throw new AppError(
        'discovery.unclear',
        `${source} is scanned by its connector; import the file under another name, like --source ${source}-export.`,
      );
    const facts = parseDiscoveryImport(request.fileName, request.text);
    let cleaned: Awaited<ReturnType<typeof cleanFacts>>;
    try {
      cleaned = await cleanFacts(source, facts, deps.scanner);
    } catch (error) {
      if (error instanceof DiscoverySourceError)
        throw new AppError('discovery.bad_import', `${request.fileName}: ${error.fix}`, {}, { cause: error });
      throw error;
    }
    const at = deps.clock.now().toISOString();
    return deps.registry.transaction(async (tx) => {
      const scanId = randomUUID();
      const added = await tx.discovered.upsert(source, scanId, cleaned.items, at);
      const { gone } = await tx.discovered.completeScan(source, scanId, at, 1);
      await tx.discovered.saveProgress({ source, pages: 0, lastCompleteAt: at });
      await tx.audit.append(
        [
          {
            actor,
            action: 'discovery.imported',
            targetType: 'discovered_item',
            targetId: `${source}:*`,
            outcome: 'success',
            details: { source, items: cleaned.items.length, added, gone, withheld: cleaned.withheld },
          },
        ],
        at,
      );
      return { source, items: cleaned.items.length, added, gone, withheld: cleaned.withheld };
    });
  };
}
