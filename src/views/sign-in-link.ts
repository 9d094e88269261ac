import type { IssuedSignInLink } from '../app/web-access/issue-sign-in-link';

/** What the person who asked for a dashboard link is shown, only to them: the link, and that it works once within 15 minutes. */
export function signInLinkText(issued: Pick<IssuedSignInLink, 'url' | 'validMinutes'>): string {
  return [
    `Your sign-in link to the micro app dashboard (valid for ${issued.validMinutes} minutes, works once; don't share it):`,
    issued.url,
  ].join('\n');
}
