import { AppError } from '../../domain/errors';
import type { AppRecord } from '../../domain/app-record';
import type { AppPage, AppQuery } from '../../ports/app-catalog';
import type { Registry } from '../../ports/registry';

/** Largest page a caller may ask for. */
export const MAX_PAGE = 200;

/** Longest search text: longer than any app name (60), short enough for every database's LIKE. */
export const MAX_SEARCH = 200;

/** One page of the registry, by name. Search text longer than MAX_SEARCH is refused with a field error. */
export async function listApps(registry: Pick<Registry, 'apps'>, query: Partial<AppQuery>): Promise<AppPage> {
  if (query.search && query.search.length > MAX_SEARCH) {
    throw new AppError('input.invalid', 'Search text too long.', {
      fieldErrors: [
        {
          field: 'search',
          path: 'search',
          message: `Search text can be at most ${MAX_SEARCH} characters; search for a shorter part of the name.`,
        },
      ],
    });
  }
  return registry.apps.list({ ...query, limit: Math.min(Math.max(query.limit ?? 50, 1), MAX_PAGE) });
}

/** Every app matching `query`, page by page, for exports. */
export async function* allApps(
  registry: Pick<Registry, 'apps'>,
  query: Omit<AppQuery, 'limit' | 'after'> = {},
): AsyncGenerator<AppRecord> {
  let after: string | undefined;
  do {
    const page = await registry.apps.list({ ...query, limit: MAX_PAGE, after });
    yield* page.apps;
    after = page.next;
  } while (after);
}
