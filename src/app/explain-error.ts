import type { Actor } from '../domain/actor';
import { isAppError } from '../domain/errors';
import type { PeopleDirectory } from '../people/people-directory';
import type { UserMessage } from './describe-error';
import { describeError } from './describe-error';

/** `describeError` for one reader: the people it mentions by display name, dates in the reader's time zone. */
export async function explainError(error: unknown, directory: PeopleDirectory, reader?: Actor): Promise<UserMessage> {
  const decidedBy = isAppError(error) ? error.details.decidedBy : undefined;
  const names = decidedBy ? await directory.names([decidedBy]).catch(() => ({})) : {};
  return describeError(error, { names, timeZone: reader?.timeZone });
}
