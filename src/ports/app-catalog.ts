import type { AppRecord, AppStatus } from '../domain/app-record';

/** A page request over the registry, ordered by name. */
export interface AppQuery {
  status?: AppStatus;
  /** Apps owned by any of these user refs or emails. */
  owners?: string[];
  /** Case-insensitive part of the name. */
  search?: string;
  limit: number;
  /** The `next` cursor of the previous page. */
  after?: string;
}

/** One page of apps and the cursor of the next page, if any. */
export interface AppPage {
  apps: AppRecord[];
  next?: string;
}

/** Reads over the registry's apps outside a transaction: lookups, pages and counts. */
export interface AppCatalog {
  /** The app with this id or (case-insensitive) name. */
  find(idOrName: string): Promise<AppRecord | undefined>;
  /** One page of apps matching `query`. */
  list(query: AppQuery): Promise<AppPage>;
  /** How many apps there are per status and tier, for metrics. */
  counts(): Promise<{ status: string; tier: number; count: number }[]>;
}
