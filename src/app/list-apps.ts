import type { AppRecord } from '../domain/app-record';
import type { AppPage, AppQuery, Registry } from '../ports/registry';

/** Largest page a caller may ask for. */
export const MAX_PAGE = 200;

/** One page of the registry, by name. */
export async function listApps(registry: Registry, query: Partial<AppQuery>): Promise<AppPage> {
  return registry.listApps({ ...query, limit: Math.min(Math.max(query.limit ?? 50, 1), MAX_PAGE) });
}

/** Every app matching `query`, page by page, for exports. */
export async function* allApps(registry: Registry, query: Omit<AppQuery, 'limit' | 'after'> = {}): AsyncGenerator<AppRecord> {
  let after: string | undefined;
  do {
    const page = await registry.listApps({ ...query, limit: MAX_PAGE, after });
    yield* page.apps;
    after = page.next;
  } while (after);
}
