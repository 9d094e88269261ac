import type { DiscoveredFacts, DiscoveredPerson } from '../../ports/discovery-source';
import { DISCOVERED_KINDS, DiscoverySourceError } from '../../ports/discovery-source';
import type { SecretScanner } from '../../secrets/scan-secrets';

/** What a name that looked like a secret is stored as. */
export const WITHHELD_NAME = '(name withheld: it looked like a secret)';

const MAX_ID = 500;
const MAX_NAME = 500;
const MAX_URL = 2000;
const PERSON_KEYS = ['ref', 'email', 'displayName', 'sourceId'] as const;

/**
 * A source's page made safe to store: every item checked for shape (a page that is not a list of items
 * with ids and names fails as unreadable), duplicates of an id in the page dropped, and every free-text
 * field the secret scanner flags removed (a name is replaced by {@link WITHHELD_NAME}). Returns how many
 * fields were withheld.
 */
export async function cleanFacts(
  source: string,
  items: unknown,
  scanner: SecretScanner,
): Promise<{ items: DiscoveredFacts[]; withheld: number }> {
  if (!Array.isArray(items)) throw unreadable(source, 'the page has no list of items');
  const byId = new Map<string, DiscoveredFacts>();
  items.forEach((raw, i) => {
    const item = shapeOf(source, raw, i);
    byId.set(item.externalId, item);
  });
  const facts = [...byId.values()];
  const findings = await scanner.scan({
    items: facts.map((f) => ({ id: f.externalId, name: f.name, url: f.url, people: f.people })),
  });
  let withheld = 0;
  for (const finding of findings) {
    const [, index, field, personIndex, personKey] = finding.path.split('.');
    const item = facts[Number(index)];
    if (!item || finding.inName) continue;
    withheld++;
    if (field === 'id')
      throw new DiscoverySourceError({
        source,
        code: 'secret_in_id',
        permanent: false,
        fix: `item ${Number(index) + 1} has an id that looks like a password, key or token, so nothing of its page was stored. Check that the ids are not credentials (a webhook address with its token, say) and give each item its plain id.`,
      });
    if (field === 'name') item.name = WITHHELD_NAME;
    else if (field === 'url') item.url = undefined;
    else if (field === 'people') {
      const person = item.people[Number(personIndex)] as Record<string, unknown> | undefined;
      if (person && personKey) delete person[personKey];
    }
  }
  for (const f of facts) f.people = f.people.filter((p) => Object.keys(p).length > 0);
  return { items: facts, withheld };
}

function shapeOf(source: string, raw: unknown, index: number): DiscoveredFacts {
  const at = `item ${index + 1}`;
  if (!raw || typeof raw !== 'object') throw unreadable(source, `${at} is not an object`);
  const r = raw as Record<string, unknown>;
  if (typeof r.externalId !== 'string' || !r.externalId.trim() || r.externalId.length > MAX_ID)
    throw unreadable(source, `${at} has no id (or one longer than ${MAX_ID} characters)`);
  if (typeof r.name !== 'string') throw unreadable(source, `${at} (${r.externalId}) has no name`);
  const kind = DISCOVERED_KINDS.find((k) => k === r.kind) ?? 'app';
  const people = Array.isArray(r.people) ? r.people.map(personOf).filter((p) => Object.keys(p).length > 0) : [];
  return {
    externalId: r.externalId.trim(),
    name: r.name.trim().slice(0, MAX_NAME) || r.externalId.trim(),
    kind,
    people,
    createdAt: instant(r.createdAt),
    lastModifiedAt: instant(r.lastModifiedAt),
    lastUsedAt: instant(r.lastUsedAt),
    url: typeof r.url === 'string' && r.url.length <= MAX_URL ? r.url : undefined,
    permissions: Array.isArray(r.permissions)
      ? r.permissions.filter((p): p is string => typeof p === 'string').slice(0, 200)
      : [],
  };
}

function personOf(raw: unknown): DiscoveredPerson {
  const person: DiscoveredPerson = {};
  if (!raw || typeof raw !== 'object') return person;
  for (const key of PERSON_KEYS) {
    const value = (raw as Record<string, unknown>)[key];
    if (typeof value === 'string' && value.trim()) person[key] = value.trim().slice(0, 320);
  }
  return person;
}

function instant(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function unreadable(source: string, what: string): DiscoverySourceError {
  return new DiscoverySourceError({
    source,
    code: 'unreadable_answer',
    permanent: false,
    fix: `The source answered something that is not a page of items (${what}). The next scan tries again; if it keeps happening, check that the source's URL setting points at the real service.`,
  });
}
