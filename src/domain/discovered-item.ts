import type { DiscoveredFacts } from './discovered-facts';

/** Where a discovered item stands: the claim states, or registered, ignored and gone as worked out from its facts. */
export const DISCOVERY_STATES = ['new', 'asked', 'registered', 'not-mine', 'retired', 'ignored', 'gone'] as const;
export type DiscoveryState = (typeof DISCOVERY_STATES)[number];

/** The states stored with an item; the others follow from a match, an ignore in force or missed scans. */
export type ClaimState = 'new' | 'asked' | 'not-mine' | 'retired';

/** App statuses that count as registered for coverage: in the registry and not refused or retired. */
export const REGISTERED_APP_STATUSES = ['pending_review', 'approved', 'expired'] as const;

/** One item found by a discovery source, as stored apart from the registry. */
export interface DiscoveredItem extends DiscoveredFacts {
  source: string;
  /** `<source>:<externalId>`, what a manifest's `externalRefs` lists. */
  ref: string;
  firstSeenAt: string;
  lastSeenAt: string;
  /** The stored claim state; {@link DiscoveredItem.state} is the effective one. */
  claim: ClaimState;
  /** The effective state at the time it was read. */
  state: DiscoveryState;
  /** Complete scans in a row that did not see it. */
  missedScans: number;
  goneAt?: string;
  ignored?: { reason: string; until: string; by: string; at: string };
  /** The registered app whose latest revision lists this item's ref. */
  matchedAppId?: string;
  /** How much the item counts in the weighted coverage (see {@link itemWeight}). */
  weight: number;
  /** Who was asked about it in chat (the user ref the question went to), and when. */
  asked?: { person: string; at: string };
  /** Who answered the question (Not mine, It's retired), and when. */
  answered?: { by: string; at: string };
  /** When the admins were told about it (creator unknown, not mine, or no answer in time). */
  adminNotifiedAt?: string;
  /** When a round found its creator unknown or not reachable in chat: it waits for the admins' list. */
  creatorUnreachableAt?: string;
}

/** What the maker (or an admin) can answer about a discovered item in chat, besides registering it. */
export type ClaimAnswer = 'not-mine' | 'retired';

/** An item's ref: `<source>:<external id>`, as {@link matchableRef} writes it. */
export function itemRef(source: string, externalId: string): string {
  return matchableRef(`${source}:${externalId}`);
}

/** Sources whose ids do not depend on letter case (GitHub names, Microsoft Graph GUIDs). */
const CASELESS_SOURCES = new Set(['github', 'teams-apps', 'entra-apps', 'power-platform']);

/**
 * An item ref (`<source>:<external id>`) as items and apps' `externalRefs` are matched: lower case
 * where the source's ids ignore case, so `github:Acme/Renewal-Nudger` and `github:acme/renewal-nudger`
 * name one repository; as written otherwise (Slack ids, imported ids).
 */
export function matchableRef(ref: string): string {
  const colon = ref.indexOf(':');
  return colon > 0 && CASELESS_SOURCES.has(ref.slice(0, colon)) ? ref.toLowerCase() : ref;
}

/** The effective state: gone, then ignored (while the ignore is in force), then registered, else the claim state. */
export function effectiveState(
  item: Pick<DiscoveredItem, 'goneAt' | 'ignored' | 'matchedAppId' | 'claim'>,
  now: string,
): DiscoveryState {
  if (item.goneAt) return 'gone';
  if (item.ignored && item.ignored.until > now) return 'ignored';
  if (item.matchedAppId) return 'registered';
  return item.claim;
}

/**
 * How much an item weighs in the weighted coverage: 1, plus 1 for each permission or scope it holds
 * (at most 10 in all). Sources do not report an audience, so the permissions an item holds stand
 * for its reach: an unregistered bot with nine scopes leaves a bigger gap than a workflow with none.
 */
export function itemWeight(permissions: readonly string[] | undefined): number {
  return 1 + Math.min(permissions?.length ?? 0, 9);
}
