import type { Core } from '../../src/app/core';
import type { ReviewRecords } from '../../src/domain/app-record';
import type { Actor } from '../../src/domain/actor';
import type { Logger } from '../../src/log/logger';
import type { AdaptiveCard } from './adaptive-card';
import { actionIdOf, denyReason, verbFor } from './adaptive-card';
import { answerFailure } from '../../src/views/answer-failure';
import type { TeamsRenderer } from './teams-cards';
import { REFRESH_VERB, messageCard, textCard } from './teams-cards';
import type { ReminderAnswer } from '../../src/app/sweep/answer-reminder';
import { reminderAnswer } from '../../src/views/reminder-answer';
import { REMINDER_BUTTONS } from '../../src/views/reminder-buttons';
import { claimAnswer, incidentAnswer } from '../../src/views/incident-answer';
import type { Presenter } from '../../src/views/create-presenter';
import { ACTIONS } from '../../src/views/action-ids';
import { discoveryAnswer } from '../../src/views/discovery-answer';

/** What a card button sends back: the Universal Action's verb and data (or the same data through the `Action.Submit` fallback). */
export interface CardAction {
  verb: string;
  data: Record<string, unknown>;
}

/** What the clicker sees: their card as it is now, and any refusal in words; or only a message, the card left as it is. */
export interface CardActionResult {
  card: AdaptiveCard;
  refusal?: string;
  message?: string;
}

/** The verb a card action means, from `Action.Execute`'s verb or the fallback's data. */
export function verbOf(data: Record<string, unknown>, verb?: unknown): string {
  if (typeof verb === 'string' && verb) return verb;
  if (typeof data.verb === 'string') return data.verb;
  return verbFor(String(data.action ?? ''));
}

/**
 * Approve, Deny (with its reason) and the refresh that gives reviewers their buttons; a reminder's,
 * an incident's and a discovery question's buttons (Not mine, It's retired) answered in words. A decision is
 * committed before the answer goes back, so an answered click is never lost; the clicker's card
 * comes back at once, every posted copy is updated through the outbox, and a refusal (not a
 * reviewer, their own app, already decided by someone, when) shows on top of the clicker's card.
 */
export function createCardActions(deps: {
  core: Pick<
    Core,
    'answerDiscoveredItem' | 'answerIncident' | 'answerReminder' | 'claimApp' | 'decideReview' | 'digestOf' | 'people'
  >;
  views: Presenter;
  renderer: TeamsRenderer;
  logger: Logger;
}) {
  const { core, renderer } = deps;
  /** A reminder's button (Re-certify, Snooze…): the digest comes back as it is now, with the outcome (or refusal) on top. */
  const reminderAction = async (verb: string, answer: ReminderAnswer, actor: Actor): Promise<CardActionResult> => {
    let note: { text: string; tone: 'good' | 'warning' };
    let refusal: string | undefined;
    try {
      const outcome = await core.answerReminder(answer, actor);
      note = { text: reminderAnswer(outcome, actor.timeZone), tone: 'good' };
    } catch (error) {
      refusal = (await answerFailure(deps, verb, error, actor)).text;
      note = { text: refusal, tone: 'warning' };
    }
    const digestId = await core.digestOf(answer.reminderId);
    const digest = digestId
      ? await deps.views.render({ view: 'reminder_digest', digestId }, actor.timeZone)
      : undefined;
    const card = digest
      ? messageCard({ ...digest, blocks: [{ type: 'text', ...note }, ...digest.blocks] })
      : textCard(note.text, note.tone);
    return { card, refusal };
  };
  /** A button answered with a message for the clicker; the card (a notice, or a digest with other items) stays as it is. */
  const messageOnly = async (work: () => Promise<string>, actor: Actor, verb: string): Promise<CardActionResult> => {
    try {
      const message = await work();
      return { card: textCard(message, 'good'), message };
    } catch (error) {
      const refusal = (await answerFailure(deps, verb, error, actor)).text;
      return { card: textCard(refusal, 'warning'), refusal, message: refusal };
    }
  };
  /** Acknowledge or Root cause recorded. */
  const incidentAction = (verb: 'acknowledge' | 'resolve', incidentId: string, actor: Actor) =>
    messageOnly(
      async () => {
        const outcome = await core.answerIncident(incidentId, verb, actor);
        return incidentAnswer(
          outcome,
          await core.people.names([outcome.incident.acknowledgedBy, outcome.incident.resolvedBy]),
          actor.timeZone,
        );
      },
      actor,
      verb,
    );
  return async ({ verb, data }: CardAction, actor: Actor): Promise<CardActionResult> => {
    const toAnswer = REMINDER_BUTTONS[actionIdOf(verb)];
    if (toAnswer)
      return reminderAction(
        verb,
        toAnswer(String(data.value ?? ''), (id) => (typeof data[id] === 'string' ? data[id] : undefined)),
        actor,
      );
    if (verb === 'acknowledge' || verb === 'resolve') return incidentAction(verb, String(data.value ?? ''), actor);
    if (verb === ACTIONS.discoveredNotMine || verb === ACTIONS.discoveredRetired) {
      const answer = verb === ACTIONS.discoveredNotMine ? 'not-mine' : 'retired';
      return messageOnly(
        async () => discoveryAnswer(await core.answerDiscoveredItem({ ref: String(data.value ?? ''), answer }, actor)),
        actor,
        verb,
      );
    }
    if (verb === 'claim')
      return messageOnly(
        async () => claimAnswer((await core.claimApp(String(data.value ?? ''), actor)).name),
        actor,
        verb,
      );
    const reviewId = String(data.value ?? '');
    let refusal: string | undefined;
    let decided: ReviewRecords | undefined;
    if (verb === 'approve' || verb === 'deny') {
      try {
        const reason = verb === 'deny' ? (denyReason(data) ?? '').trim() : undefined;
        decided = await core.decideReview({ reviewId, actor, verdict: verb, reason });
      } catch (error) {
        refusal = (await answerFailure(deps, verb, error, actor)).text;
      }
    } else if (verb !== REFRESH_VERB) {
      return {
        card: textCard('That button is out of date. Type "help" to see what I can do.', 'warning'),
        refusal: 'out of date',
      };
    }
    const card = await renderer.reviewCardFor(reviewId, actor, refusal, decided);
    return {
      card: card ?? textCard('That review no longer exists; the app may have been changed or removed.', 'warning'),
      refusal,
    };
  };
}
