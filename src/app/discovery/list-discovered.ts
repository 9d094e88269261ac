import type { DiscoveredItem, DiscoveryState } from '../../domain/discovered-item';
import { REGISTERED_APP_STATUSES } from '../../domain/discovered-item';
import { nameDistance, suggestionLimit } from '../../domain/name-distance';
import type { AppCatalog } from '../../ports/app-catalog';
import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';

/** A discovered item as an admin's list shows it. */
export interface ListedItem extends DiscoveredItem {
  /** The name of the app it is registered as. */
  matchedAppName?: string;
  /**
   * A registered app whose name is close to an unregistered item's: never matched automatically; the
   * admin (or the app's owner) adds the item's ref to that app's `externalRefs` if it is the same.
   */
  suggestion?: string;
}

const UNREGISTERED: readonly DiscoveryState[] = ['new', 'asked', 'not-mine'];

/** Discovered items by source and name, with the app each is registered as and, for unregistered ones, a likely name match among the apps that count as registered. */
export function createListDiscovered(deps: {
  registry: RegistryWith<'discovered'> & { apps: Pick<AppCatalog, 'namePage' | 'find'> };
  clock: Clock;
}) {
  return async (query: { source?: string; state?: DiscoveryState } = {}): Promise<ListedItem[]> => {
    const now = deps.clock.now().toISOString();
    const items = await deps.registry.read((tx) => tx.discovered.list({ ...query, now }));
    const names = await allAppNames(deps.registry.apps);
    const appNames = new Map<string, string>();
    for (const id of new Set(items.map((i) => i.matchedAppId).filter((id): id is string => Boolean(id))))
      appNames.set(id, (await deps.registry.apps.find(id))?.name ?? id);
    return items.map((item) => ({
      ...item,
      matchedAppName: item.matchedAppId ? appNames.get(item.matchedAppId) : undefined,
      suggestion: UNREGISTERED.includes(item.state) ? closest(item.name, names) : undefined,
    }));
  };
}

async function allAppNames(apps: Pick<AppCatalog, 'namePage'>): Promise<string[]> {
  const names: string[] = [];
  let after: string | undefined;
  do {
    const page = await apps.namePage(after, 1000, REGISTERED_APP_STATUSES);
    names.push(...page.names);
    after = page.next;
  } while (after);
  return names;
}

function closest(name: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = suggestionLimit(name) + 1;
  for (const candidate of names) {
    const d = nameDistance(name, candidate, bestDistance);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}
