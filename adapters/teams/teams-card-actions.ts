import type { Core } from '../../src/app/create-core';
import type { ReviewRecords } from '../../src/domain/app-record';
import type { Actor } from '../../src/domain/actor';
import { isAppError } from '../../src/domain/errors';
import type { Logger } from '../../src/log/logger';
import type { AdaptiveCard } from './adaptive-card';
import { denyReason, verbFor } from './adaptive-card';
import type { TeamsRenderer } from './teams-cards';
import { REFRESH_VERB, textCard } from './teams-cards';

/** What a card button sends back: the Universal Action's verb and data (or the same data through the `Action.Submit` fallback). */
export interface CardAction {
  verb: string;
  data: Record<string, unknown>;
}

/** What the clicker sees: their card as it is now, and any refusal in words. */
export interface CardActionResult {
  card: AdaptiveCard;
  refusal?: string;
}

/** The verb a card action means, from `Action.Execute`'s verb or the fallback's data. */
export function verbOf(data: Record<string, unknown>, verb?: unknown): string {
  if (typeof verb === 'string' && verb) return verb;
  if (typeof data.verb === 'string') return data.verb;
  return verbFor(String(data.action ?? ''));
}

/**
 * Approve, Deny (with its reason) and the refresh that gives reviewers their buttons. A decision is
 * committed before the answer goes back, so an answered click is never lost; the clicker's card
 * comes back at once, every posted copy is updated through the outbox, and a refusal (not a
 * reviewer, their own app, already decided by someone, when) shows on top of the clicker's card.
 */
export function createCardActions(deps: { core: Core; renderer: TeamsRenderer; logger: Logger }) {
  const { core, renderer } = deps;
  return async ({ verb, data }: CardAction, actor: Actor): Promise<CardActionResult> => {
    const reviewId = String(data.value ?? '');
    let refusal: string | undefined;
    let decided: ReviewRecords | undefined;
    if (verb === 'approve' || verb === 'deny') {
      try {
        const reason = verb === 'deny' ? (denyReason(data) ?? '').trim() : undefined;
        decided = await core.decideReview({ reviewId, actor, verdict: verb, reason });
      } catch (error) {
        if (!isAppError(error)) deps.logger.error(`${verb} failed`, { error });
        refusal = (await core.explain(error, actor)).text;
      }
    } else if (verb !== REFRESH_VERB) {
      return { card: textCard('That button is out of date. Type "help" to see what I can do.', 'warning'), refusal: 'out of date' };
    }
    const card = await renderer.reviewCardFor(reviewId, actor, refusal, decided);
    return { card: card ?? textCard('That review no longer exists; the app may have been changed or removed.', 'warning'), refusal };
  };
}
