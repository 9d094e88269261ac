import type { Actor } from '../domain/actor';
import { isAppError } from '../domain/errors';
import type { PeopleDirectory } from '../people/people-directory';
import type { UserMessage } from './describe-error';
import { describeError } from './describe-error';

/** `describeError` for one reader: the people it mentions by display name, dates in the reader's time zone. */
export async function explainError(error: unknown, directory: PeopleDirectory, reader?: Actor): Promise<UserMessage> {
  const refs = isAppError(error)
    ? [error.details.decidedBy, ...(error.details.stewards ?? [])].filter((r): r is string => Boolean(r))
    : [];
  const names = refs.length ? await directory.names(refs).catch(() => ({})) : {};
  return describeError(error, { names, timeZone: reader?.timeZone });
}
