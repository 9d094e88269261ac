import type { Actor } from '../domain/actor';
import { isAppError } from '../domain/errors';
import type { LogFields, Logger } from '../log/logger';
import type { Presenter } from './create-presenter';
import type { UserMessage } from './describe-error';

/**
 * The adapters' one error path. A failure that is not an AppError (a bug, a store out of reach) is
 * logged as "`doing` failed" with the error itself (and its cause) and any `fields`; an AppError is a
 * refusal meant for the person and is not logged. Either way the failure comes back explained for
 * `actor`, who will read it, and the handler answers with it the way its surface takes (a message
 * only they see, errors under a form's inputs, a text card, a refusal on top of a card).
 */
export async function answerFailure(
  deps: { views: Pick<Presenter, 'explain'>; logger: Logger },
  doing: string,
  error: unknown,
  actor: Actor,
  fields?: LogFields,
): Promise<UserMessage> {
  if (!isAppError(error)) deps.logger.error(`${doing} failed`, { error, ...fields });
  return deps.views.explain(error, actor);
}
