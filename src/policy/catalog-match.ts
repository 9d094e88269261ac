import type { Integration, Manifest } from '../domain/manifest';
import type { CatalogSystem } from './cel-environment';
import { editDistance } from '../domain/edit-distance';

/** What matching a system name needs: the catalog by id and its lookup index. */
export interface CatalogLookup {
  catalog: Record<string, CatalogSystem>;
  /** Normalised id, name or alias → catalog id. */
  systemIndex: ReadonlyMap<string, string>;
}

/** "MS Teams", "ms-teams" and "MSTeams" all become "msteams": case, spacing and punctuation do not count. */
export function systemKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The keys a catalog entry is found by: its id, its name (also without a bracketed note) and its aliases. */
export function systemKeys(system: { id: string; name: string; aliases?: readonly string[] }): string[] {
  const names = [system.id, system.name, system.name.replace(/\([^)]*\)/g, ''), ...(system.aliases ?? [])];
  return [...new Set(names.map(systemKey).filter(Boolean))];
}

/** How many names each lookup remembers per question before it starts afresh, so memory stays bounded. */
const REMEMBERED = 4096;
const found = new WeakMap<ReadonlyMap<string, string>, Map<string, CatalogSystem | null>>();
const suggested = new WeakMap<ReadonlyMap<string, string>, Map<string, CatalogSystem | null>>();

/** The answer for `text` under this catalog index, computed once: it depends only on the policy and the text. */
function remembered(
  table: WeakMap<ReadonlyMap<string, string>, Map<string, CatalogSystem | null>>,
  lookup: CatalogLookup,
  text: string,
  compute: () => CatalogSystem | undefined,
): CatalogSystem | undefined {
  let answers = table.get(lookup.systemIndex);
  if (!answers) {
    answers = new Map();
    table.set(lookup.systemIndex, answers);
  }
  const known = answers.get(text);
  if (known !== undefined) return known ?? undefined;
  const answer = compute();
  if (answers.size >= REMEMBERED) answers.clear();
  answers.set(text, answer ?? null);
  return answer;
}

/** The catalog entry a person means by `text` (id, display name or alias, any case), if any. */
export function findSystem(lookup: CatalogLookup, text: string): CatalogSystem | undefined {
  return remembered(found, lookup, text, () => {
    const id = lookup.systemIndex.get(systemKey(text));
    return id ? lookup.catalog[id] : undefined;
  });
}

/** The catalog entry closest to an unrecognised name ("Google Sheet" → Google Sheets), when one is close enough. */
export function suggestSystem(lookup: CatalogLookup, text: string): CatalogSystem | undefined {
  return remembered(suggested, lookup, text, () => closestSystem(lookup, text));
}

function closestSystem(lookup: CatalogLookup, text: string): CatalogSystem | undefined {
  const key = systemKey(text);
  if (key.length < 2) return undefined;
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(key.length / 4)) + 1;
  for (const [candidate, id] of lookup.systemIndex) {
    const d =
      candidate.startsWith(key) || key.startsWith(candidate)
        ? Math.abs(candidate.length - key.length) * 0.5
        : editDistance(key, candidate, bestDistance);
    if (d < bestDistance) {
      best = id;
      bestDistance = d;
    }
  }
  return best ? lookup.catalog[best] : undefined;
}

/** The manifest with every recognised integration named by its catalog id, so rules and reviewers see one name. */
export function withCatalogIds(lookup: CatalogLookup, manifest: Manifest): Manifest {
  const integrations: Integration[] = manifest.integrations.map((i) => ({
    ...i,
    system: findSystem(lookup, i.system)?.id ?? i.system,
  }));
  return { ...manifest, integrations };
}

/** A system as people read it: the catalog's display name, or what was typed when it is not in the catalog. */
export function systemName(lookup: CatalogLookup, system: string): string {
  return findSystem(lookup, system)?.name ?? system;
}
