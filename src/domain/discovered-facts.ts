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
