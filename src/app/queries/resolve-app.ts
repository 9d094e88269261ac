import type { AppRecord } from '../../domain/app-record';
import { AppError } from '../../domain/errors';
import { nameDistance, suggestionLimit } from '../../domain/name-distance';
import type { Registry } from '../../ports/registry';

/** The most apps an ambiguous id prefix names back. */
const PREFIX_MATCHES = 5;
/** Names read per page while looking for the closest one. */
const NAME_PAGE = 1000;
/** What may be the start of an app id (a UUID): four hex digits or more. */
const ID_PREFIX = /^[0-9a-f]{4}[0-9a-f-]{0,32}$/i;

/**
 * The app `text` names: its id, its name (any case), or the start of its id when that names one
 * app only. Otherwise refuses with `app.not_found`, carrying the apps an ambiguous prefix matches
 * or the closest registered name, to suggest.
 */
export async function resolveApp(registry: Pick<Registry, 'apps'>, text: string): Promise<AppRecord> {
  const asked = text.trim();
  const exact = await registry.apps.find(asked);
  if (exact) return exact;
  if (ID_PREFIX.test(asked)) {
    const matches = await registry.apps.withIdPrefix(asked.toLowerCase(), PREFIX_MATCHES);
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1)
      throw new AppError('app.not_found', `Several apps have ids starting "${asked}".`, {
        asked,
        matches: matches.map((a) => a.name),
      });
  }
  const closest = await closestName(registry, asked);
  throw new AppError('app.not_found', `No app called "${asked}".`, {
    asked,
    ...(closest && { suggestions: [closest] }),
  });
}

/** The registered name nearest to `asked`, if one is near enough; every name is read, a page at a time. */
async function closestName(registry: Pick<Registry, 'apps'>, asked: string): Promise<string | undefined> {
  let best: string | undefined;
  let bestDistance = suggestionLimit(asked) + 1;
  let after: string | undefined;
  do {
    const page = await registry.apps.namePage(after, NAME_PAGE);
    for (const name of page.names) {
      const d = nameDistance(asked, name, bestDistance);
      if (d < bestDistance) [best, bestDistance] = [name, d];
    }
    after = page.next;
  } while (after);
  return best;
}
