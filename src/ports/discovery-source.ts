import type { DiscoveredFacts } from '../domain/discovered-facts';

export type { DiscoveredFacts, DiscoveredKind, DiscoveredPerson } from '../domain/discovered-facts';
export { DISCOVERED_KINDS } from '../domain/discovered-facts';

/** One page of a scan. `cursor` is absent on the last page. */
export interface DiscoveryPage {
  items: DiscoveredFacts[];
  cursor?: string;
}

/**
 * A place where micro apps and agents are built (a Teams app catalog, a Slack org, a GitHub org, an
 * imported export). Scans page by page so a scan cut short resumes from the last cursor it stored.
 * A page that cannot be read throws a {@link DiscoverySourceError}.
 */
export interface DiscoverySource {
  /** The source's name as it appears in item refs, the CLI and metrics (`teams-apps`, `slack`, `github`). */
  readonly name: string;
  /** The least time between two page requests, so the scan stays inside the source's documented rate limit. */
  readonly paceMs: number;
  /** Reads the page at `cursor` (the first page when absent). */
  scanPage(cursor?: string): Promise<DiscoveryPage>;
}

/**
 * A source that could not be read. `permanent` failures (bad credentials, a missing permission) stop
 * this source's scan until the admin applies `fix`; the others may be retried.
 */
export class DiscoverySourceError extends Error {
  readonly source: string;
  readonly code: string;
  readonly fix: string;
  readonly permanent: boolean;
  readonly retryAfterMs?: number;

  constructor(options: {
    source: string;
    code: string;
    fix: string;
    permanent: boolean;
    retryAfterMs?: number;
    cause?: unknown;
  }) {
    super(`discovery source ${options.source} failed: ${options.code}`, { cause: options.cause });
    this.name = 'DiscoverySourceError';
    this.source = options.source;
    this.code = options.code;
    this.fix = options.fix;
    this.permanent = options.permanent;
    this.retryAfterMs = options.retryAfterMs;
  }
}
