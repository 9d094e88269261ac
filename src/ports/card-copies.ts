import type { MessageRef } from './messenger';

/** Where each review's approval card was posted, so every copy can be updated later. */
export interface CardCopies {
  /** Remembers where a review's card was posted; `copyId` (the outbox row that posted it) keeps it to one record per post. */
  save(reviewId: string, copyId: string, ref: MessageRef, at: string): Promise<void>;
  /** Every posted copy of a review's card. */
  list(reviewId: string): Promise<MessageRef[]>;
}
