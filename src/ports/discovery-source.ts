/** What a discovered thing is, in the source's own terms mapped to one vocabulary. */
export const DISCOVERED_KINDS = ['app', 'bot', 'workflow', 'flow', 'agent', 'integration', 'repository'] as const;
export type DiscoveredKind = (typeof DISCOVERED_KINDS)[number];

/** Someone a source names as the creator or an owner of an item, as far as the source can say. */
export interface DiscoveredPerson {
  /** A platform user ref when the source speaks of a chat user (`slack:U…`, `teams:<AAD object id>`). */
  ref?: string;
  email?: string;
  displayName?: string;
  /** The source's own id for the person, kept when nothing better is known (a GitHub login, a Graph user id). */
  sourceId?: string;
}

/** One item as a source reports it; dates are ISO 8601 instants. */
export interface DiscoveredFacts {
  /** Stable within the source; with the source's name it makes the item's ref `<source>:<externalId>`. */
  externalId: string;
  name: string;
  kind: DiscoveredKind;
  /** Creator first, then other owners. */
  people: DiscoveredPerson[];
  createdAt?: string;
  lastModifiedAt?: string;
  lastUsedAt?: string;
  url?: string;
  /** Scopes or permissions the item holds, as the source names them. */
  permissions?: string[];
}

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
