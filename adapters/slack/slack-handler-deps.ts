import type { Core } from '../../src/app/core';
import type { Logger } from '../../src/log/logger';
import type { FollowUp } from './follow-up-queue';
import type { SlackActorOf } from './slack-actor';
import type { Presenter } from '../../src/views/create-presenter';

/** What every Slack handler gets, with only the core members `K` it calls. */
export interface SlackHandlerDeps<K extends keyof Core = keyof Core> {
  core: Pick<Core, K>;
  /** Words and cards for the reader: explained failures, messages shown again. */
  views: Presenter;
  actorOf: SlackActorOf;
  logger: Logger;
  /** Queues work to run after acknowledgements waiting in line have gone out (replies to the clicker). */
  later(work: FollowUp): void;
}
