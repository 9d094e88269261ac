import type { Actor } from './actor';
import { actorRef, refersTo } from './actor';
import type { AppRecord, ReviewRecord, RevisionRecord } from './app-record';
import type { ChatPlatform, NewOutboundMessage, Notice } from './outbound';
import { uniqueRefs } from './actor';

/** True for actors who can be messaged back on a chat platform. */
function onChat(actor: Actor): boolean {
  return actor.platform === 'slack' || actor.platform === 'teams';
}

/**
 * What a stored registration sends: the assessment to the person who submitted it (when they are on
 * chat), a note to the named owner when someone else registered it, and the approval card to every
 * reviewer destination of the tier on the platforms that are connected.
 */
export function registrationMessages(
  actor: Actor,
  app: AppRecord,
  revision: RevisionRecord,
  review: ReviewRecord | undefined,
  platforms: readonly ChatPlatform[],
): NewOutboundMessage[] {
  const messages: NewOutboundMessage[] = [];
  if (onChat(actor))
    messages.push({
      recipient: { kind: 'person', ref: actorRef(actor) },
      message: { view: 'risk_summary', revisionId: revision.id },
    });
  if (!refersTo(app.owner, actor)) {
    messages.push({
      recipient: { kind: 'person', ref: app.owner },
      message: { view: 'notice', notice: { type: 'registered_for_you', appId: app.id, by: actorRef(actor) } },
    });
  }
  return [...messages, ...approvalCards(revision, review, platforms)];
}

/** The approval card of an opened review, to every reviewer destination of its tier on the connected platforms. */
export function approvalCards(
  revision: RevisionRecord,
  review: ReviewRecord | undefined,
  platforms: readonly ChatPlatform[],
): NewOutboundMessage[] {
  if (!review) return [];
  return revision.assessment.destinations
    .filter((d) => platforms.includes(d.platform))
    .map((d) => ({
      recipient: { kind: 'channel', platform: d.platform, channel: d.channel },
      message: { view: 'approval_card', reviewId: review.id },
    }));
}

/** What a decision sends: every copy of the card re-rendered and, once decided, the owner told. */
export function decisionMessages(app: AppRecord, review: ReviewRecord): NewOutboundMessage[] {
  const messages: NewOutboundMessage[] = [
    {
      recipient: { kind: 'card_copies', reviewId: review.id },
      message: { view: 'approval_card', reviewId: review.id },
    },
  ];
  if (review.status !== 'open')
    messages.push({
      recipient: { kind: 'person', ref: app.owner },
      message: { view: 'owner_status', appId: app.id, reviewId: review.id },
    });
  return messages;
}

/** A note to each of several people (the same person once, whatever their refs). */
export function noticeTo(refs: (string | undefined)[], notice: Notice): NewOutboundMessage[] {
  return uniqueRefs(refs).map((ref) => ({ recipient: { kind: 'person', ref }, message: { view: 'notice', notice } }));
}

/**
 * A new checkpoint of `size` events, posted to each checkpoint channel on a connected platform;
 * one message per checkpoint and channel, however often it is asked for.
 */
export function checkpointMessages(
  size: number,
  channels: readonly { platform: ChatPlatform; channel: string }[],
  platforms: readonly ChatPlatform[],
): NewOutboundMessage[] {
  return channels
    .filter((c) => platforms.includes(c.platform))
    .map((c) => ({
      recipient: { kind: 'channel', platform: c.platform, channel: c.channel },
      message: { view: 'audit_checkpoint', size },
      dedupeKey: `checkpoint|${size}|${c.platform}|${c.channel}`.slice(0, 300),
    }));
}
