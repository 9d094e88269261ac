import type { Kysely } from 'kysely';

/**
 * App names are unique by their confusable skeleton from now on (see src/domain/name-skeleton.ts,
 * copied here as it was, since migrations never import the code they outlive): each app's
 * `name_key` is recomputed. An app whose new key another app already holds keeps its old key, so
 * nothing registered is lost; the look-alike pair stays findable by its exact names.
 */
const LOOKS_LIKE: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  һ: 'h',
  і: 'i',
  ї: 'i',
  ј: 'j',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ү: 'y',
  ӏ: 'l',
  ɡ: 'g',
  ı: 'i',
  ſ: 'f',
  α: 'a',
  β: 'b',
  γ: 'y',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  ϲ: 'c',
  ϳ: 'j',
  օ: 'o',
  ս: 'u',
  ց: 'g',
  հ: 'h',
  զ: 'q',
};

function skeleton(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/g, '')
    .replace(/./gu, (c) => LOOKS_LIKE[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim();
}

export async function up(db: Kysely<any>): Promise<void> {
  const rows: { id: string; name: string; name_key: string }[] = await db
    .selectFrom('app')
    .select(['id', 'name', 'name_key'])
    .execute();
  const taken = new Set(rows.map((r) => r.name_key));
  for (const r of rows) {
    const key = skeleton(r.name);
    if (key === r.name_key || taken.has(key)) continue;
    await db.updateTable('app').set({ name_key: key }).where('id', '=', r.id).execute();
    taken.delete(r.name_key);
    taken.add(key);
  }
}

/** Keys stay as they are: the old rule (trimmed, lower case) finds every plain-Latin name alike. */
export async function down(): Promise<void> {}
