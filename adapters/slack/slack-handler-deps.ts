import type { Core } from '../../src/app/create-core';
import type { Logger } from '../../src/log/logger';
import type { FollowUp } from './follow-up-queue';
import type { SlackActorOf } from './slack-actor';

/** What every Slack handler gets. */
export interface SlackHandlerDeps {
  core: Core;
  actorOf: SlackActorOf;
  logger: Logger;
  /** Queues work to run after acknowledgements waiting in line have gone out (replies to the clicker). */
  later(work: FollowUp): void;
}
