import type { Logger } from '../../src/log/logger';

/** Work a handler does after it has acknowledged Slack: decisions, card updates, replies. */
export type FollowUp = () => Promise<unknown>;

/** Lets acknowledgements go first: follow-up work waits while requests are still waiting for their ack. */
export interface FollowUpQueue {
  /** A request arrived and will need an ack. */
  requestStarted(): void;
  /** That request was answered. */
  requestAnswered(): void;
  /** Runs `work` once no request is waiting for its ack, or after `maxWaitMs` at the latest. */
  defer(work: FollowUp): void;
  /** Resolves when everything queued has run, or after `deadlineMs`. */
  drain(deadlineMs: number): Promise<void>;
}

/**
 * Slack gives three seconds to acknowledge; a reply to the user can wait a moment. Under load this
 * queue keeps follow-up work (database writes, Web API calls) from delaying acknowledgements,
 * while up to `concurrency` jobs still run side by side so slow Web API calls overlap.
 */
export function createFollowUpQueue(options: {
  logger: Logger;
  concurrency?: number;
  maxWaitMs?: number;
  now?: () => number;
}): FollowUpQueue {
  const concurrency = options.concurrency ?? 8;
  const maxWaitMs = options.maxWaitMs ?? 1000;
  const now = options.now ?? Date.now;
  const waiting: { work: FollowUp; since: number }[] = [];
  let unanswered = 0;
  let running = 0;
  let timer: NodeJS.Timeout | undefined;

  const pump = () => {
    while (
      running < concurrency &&
      waiting.length > 0 &&
      (unanswered === 0 || now() - waiting[0]!.since >= maxWaitMs)
    ) {
      const { work } = waiting.shift()!;
      running += 1;
      work()
        .catch((error: unknown) => options.logger.error('follow-up work failed', { error }))
        .finally(() => {
          running -= 1;
          setImmediate(pump);
        });
    }
    if (waiting.length > 0 && !timer) {
      timer = setTimeout(
        () => {
          timer = undefined;
          pump();
        },
        Math.max(1, maxWaitMs - (now() - waiting[0]!.since)),
      );
      timer.unref();
    }
  };

  return {
    requestStarted: () => {
      unanswered += 1;
    },
    requestAnswered: () => {
      unanswered = Math.max(0, unanswered - 1);
      if (unanswered === 0) setImmediate(pump);
    },
    defer: (work) => {
      waiting.push({ work, since: now() });
      setImmediate(pump);
    },
    async drain(deadlineMs) {
      const end = Date.now() + deadlineMs;
      unanswered = 0;
      pump();
      while ((waiting.length > 0 || running > 0) && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    },
  };
}
