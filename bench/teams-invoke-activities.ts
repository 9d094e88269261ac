import { REFRESH_VERB } from '../adapters/teams/teams-cards';
import { ACTIONS } from '../src/views/action-ids';
import type { ConnectorMember } from './teams-connector-stand-in';

/*
 * The Teams people, places and activities of the Teams invoke bench, shaped as Teams sends them
 * (see test/support/teams-activities.ts, which bench code may not import): invokes from a card
 * posted in the reviewers' channel carry the card's thread as the conversation
 * (`19:…@thread.tacv2;messageid=<card>`), the card's id as `replyToId`, the team and channel in
 * `channelData`, and the sender's Entra object id as `from.aadObjectId`.
 */

/** The tenant everyone is in. */
export const BENCH_TENANT = '5e8f0c2a-4b6d-4f18-9a3c-7d2e1b0f6a45';
/** The bot as it appears in `recipient`. */
export const BENCH_BOT = { id: '28:3c9a7e51-0d2b-4c6f-8e14-a5b7c9d0e2f3', name: 'microapp' } as const;
const TEAM_ID = '19:5b0e3f9d1c7a4e2b8f6d0a9c3e1b7d5f@thread.tacv2';
/** The reviewers' channel, where every approval card was posted. */
export const REVIEW_CHANNEL_ID = '19:a7c2e9f04b1d4f6e8a3c5b7d9e0f1a2b@thread.tacv2';

/** A Teams user of the bench: bot-scoped id, Entra object id, name, email, personal chat with the bot. */
export interface BenchTeamsUser {
  id: string;
  aadObjectId: string;
  name: string;
  email: string;
  chatId: string;
}

function benchUser(kind: string, n: number, prefix: string): BenchTeamsUser {
  const aadObjectId = `${prefix}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  return {
    id: `29:1${aadObjectId.replace(/-/g, '')}`,
    aadObjectId,
    name: `Bench ${kind} ${n}`,
    email: `${kind}${n}@example.com`,
    chatId: `a:1${Buffer.from(`${aadObjectId}|bench`).toString('base64url')}`,
  };
}

/** The `n`-th reviewer (role `reviewer`). */
export const reviewer = (n: number) => benchUser('reviewer', n, 'b1c2d3e4');
/** The owner (and submitter) of the `n`-th app. */
export const owner = (n: number) => benchUser('owner', n, 'a0b1c2d3');
/** The admin who routed the reviewers' channel. */
export const ADMIN = benchUser('admin', 0, 'e4f5a6b7');

/** `teams:<Entra object id>`, how policies and owners name a Teams user. */
export function teamsRef(u: BenchTeamsUser): string {
  return `teams:${u.aadObjectId}`;
}

/** A user as the connector describes them in a member look-up. */
export function connectorMember(u: BenchTeamsUser): ConnectorMember {
  return { id: u.id, name: u.name, objectId: u.aadObjectId, email: u.email, userPrincipalName: u.email };
}

/** What a reviewer's click asks for. */
export type CardVerb = 'approve' | 'refresh';

/**
 * An `adaptiveCard/action` invoke from the card `cardId` in the reviewers' channel: Approve
 * (`Action.Execute` clicked) or the refresh Teams sends on its own when a listed reviewer views
 * the card. `i` keeps activity ids distinct.
 */
export function cardActionBody(
  i: number,
  u: BenchTeamsUser,
  verb: CardVerb,
  reviewId: string,
  cardId: string,
  serviceUrl: string,
): string {
  const data =
    verb === 'approve' ? { action: ACTIONS.approve, value: reviewId } : { action: REFRESH_VERB, value: reviewId };
  const at = new Date(Date.UTC(2026, 10, 21, 10, 0, 0) + i * 1000);
  return JSON.stringify({
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `f:${(1_800_000_000_000 + i).toString()}`,
    timestamp: at.toISOString(),
    localTimestamp: at.toISOString().replace('Z', '+01:00'),
    serviceUrl,
    channelId: 'msteams',
    from: { id: u.id, name: u.name, aadObjectId: u.aadObjectId },
    recipient: BENCH_BOT,
    conversation: {
      isGroup: true,
      conversationType: 'channel',
      tenantId: BENCH_TENANT,
      id: `${REVIEW_CHANNEL_ID};messageid=${cardId}`,
    },
    channelData: {
      teamsChannelId: REVIEW_CHANNEL_ID,
      teamsTeamId: TEAM_ID,
      channel: { id: REVIEW_CHANNEL_ID },
      team: { id: TEAM_ID },
      tenant: { id: BENCH_TENANT },
    },
    replyToId: cardId,
    locale: 'en-GB',
    localTimezone: 'Europe/Berlin',
    entities: [{ type: 'clientInfo', locale: 'en-GB', country: 'GB', platform: 'Web', timezone: 'Europe/Berlin' }],
    value: { action: { type: 'Action.Execute', verb, data }, trigger: verb === 'approve' ? 'manual' : 'automatic' },
  });
}
