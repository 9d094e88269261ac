import type { Presenter } from '../../src/views/create-presenter';
import type { UserMessage } from '../../src/views/describe-error';
import type { Actor } from '../../src/domain/actor';
import { isAppError } from '../../src/domain/errors';
import type { LogFields, Logger } from '../../src/log/logger';

/**
 * The Teams handlers' one error path. A failure that is not an AppError (a bug, a store out of
 * reach) is logged as "`doing` failed" with the error itself and any `fields`; an AppError is a
 * refusal meant for the person and is not logged. Either way the failure comes back explained for
 * `actor`, who will read it, and the handler answers with it the way its Teams surface takes (a
 * text card, a refusal on top of the card, a dialog's message or errors under its inputs).
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
