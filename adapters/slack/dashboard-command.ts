import type { Actor } from '../../src/domain/actor';
import { answerFailure } from '../../src/views/answer-failure';
import { signInLinkText } from '../../src/views/sign-in-link';
import type { SlackHandlerDeps } from './slack-handler-deps';

/** `/microapp dashboard`: a one-time sign-in link, answered only to the person (ephemeral); plain text the caller escapes. */
export async function dashboardCommand(deps: SlackHandlerDeps<'issueSignInLink'>, actor: Actor): Promise<string> {
  try {
    return signInLinkText(await deps.core.issueSignInLink(actor));
  } catch (error) {
    return (await answerFailure(deps, 'a dashboard link', error, actor)).text;
  }
}
