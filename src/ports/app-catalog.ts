import type { AppRecord, AppStatus } from '../domain/app-record';

/** A page request over the registry, ordered by name. */
export interface AppQuery {
  /** Only apps in this state. */
  status?: AppStatus;
  /** Apps owned by any of these user refs or emails. */
  owners?: string[];
  /** Case-insensitive part of the name. */
  search?: string;
  /** Largest number of apps on the page. */
  limit: number;
  /** The `next` cursor of the previous page. */
  after?: string;
}

/** One page of apps and the cursor of the next page, if any. */
export interface AppPage {
  /** The page's apps, by name. */
  apps: AppRecord[];
  /** The cursor of the next page; absent on the last page. */
  next?: string;
}

/** Reads over the registry's apps outside a transaction: lookups, pages and counts. */
export interface AppCatalog {
  /** The app with this id or (case-insensitive) name. */
  find(idOrName: string): Promise<AppRecord | undefined>;
  /** One page of apps matching `query`. */
  list(query: AppQuery): Promise<AppPage>;
  /** Up to `limit` apps whose id starts with `prefix` (lower case). */
  withIdPrefix(prefix: string, limit: number): Promise<AppRecord[]>;
  /** One page of app names (of those in `statuses` when given), by name, after the `next` cursor of the page before: a light scan of every name. */
  namePage(
    after: string | undefined,
    limit: number,
    statuses?: readonly AppStatus[],
  ): Promise<{ names: string[]; next?: string }>;
  /** How many apps there are per status and tier, for metrics. */
  counts(): Promise<{ status: string; tier: number; count: number }[]>;
}
