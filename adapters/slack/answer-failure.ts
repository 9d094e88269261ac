import type { Presenter } from '../../src/views/create-presenter';
import type { UserMessage } from '../../src/views/describe-error';
import type { Actor } from '../../src/domain/actor';
import { isAppError } from '../../src/domain/errors';
import type { Logger } from '../../src/log/logger';

/**
 * The Slack handlers' one error path. A failure that is not an AppError (a bug, a store out of
 * reach) is logged as "`doing` failed" with the error itself; an AppError is a refusal meant for
 * the person and is not logged. Either way the failure comes back explained for `actor`, who will
 * read it, and the handler answers with it the way its Slack surface takes (a message only they
 * see, errors under a view's inputs).
 */
export async function answerFailure(
  deps: { views: Pick<Presenter, 'explain'>; logger: Logger },
  doing: string,
  error: unknown,
  actor: Actor,
): Promise<UserMessage> {
  if (!isAppError(error)) deps.logger.error(`${doing} failed`, { error });
  return deps.views.explain(error, actor);
}
