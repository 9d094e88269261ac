import type { Core } from '../app/core';
import type { Actor } from '../domain/actor';
import type { ReviewRecords } from '../domain/app-record';
import type { Outbound } from '../domain/outbound';
import { decisionBar } from '../policy/decision-bar';
import type { View } from '../ports/view-model';
import { composeApprovalCard, composeMessage } from './compose-message';
import type { UserMessage } from './describe-error';
import { explainError } from './explain-error';
import { EACH_READERS_ZONE } from './reader-dates';

/** Turns the core's records and failures into what a reader sees; adapters answer with it. */
export interface Presenter {
  /** What an outbound message shows now, for a reader in `timeZone` (a digest shown again after one of its buttons); undefined when its records are gone. */
  render(message: Outbound, timeZone?: string): Promise<View | undefined>;
  /**
   * A review's approval card as one reader sees their copy of it in a channel (dates in each
   * reader's own zone, like the posted card), and whether that reader may decide it now (the rule
   * the decision itself applies). Built from `records` when the caller has them, else read now;
   * undefined when the review is gone.
   */
  reviewCard(
    reviewId: string,
    reader: Actor,
    records?: ReviewRecords,
  ): Promise<{ view: View; mayDecide: boolean } | undefined>;
  /** Plain words for a failure, with people named and dates in the reader's time zone. */
  explain(error: unknown, reader?: Actor): Promise<UserMessage>;
}

/** A presenter over the core's queries, its people directory and the policy in force. */
export function createPresenter(
  core: Pick<Core, 'messageRecords' | 'reviewRecords' | 'people' | 'policy'> & Partial<Pick<Core, 'platforms'>>,
): Presenter {
  const deps = { directory: core.people, policy: core.policy, platforms: core.platforms };
  return {
    render: async (message, timeZone) => {
      const found = await core.messageRecords(message);
      return found && (await composeMessage(found, deps, timeZone))?.view;
    },
    reviewCard: async (reviewId, reader, records) => {
      const found = records ?? (await core.reviewRecords(reviewId));
      if (!found) return undefined;
      const { view } = await composeApprovalCard(found, deps, EACH_READERS_ZONE);
      return { view, mayDecide: !decisionBar(core.policy(), found, reader) };
    },
    explain: (error, reader) => explainError(error, core.people, reader),
  };
}
