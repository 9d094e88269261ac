import type { IssuedAppToken } from '../app/activity/issue-app-token';

/**
 * What the person who asked for a heartbeat token is shown, once: the token, and how the app
 * reports use with it. `code` marks text to show verbatim where the platform can (a Slack code span).
 */
export function tokenIssued(
  issued: Pick<IssuedAppToken, 'app' | 'token' | 'heartbeatUrl' | 'replaced'>,
  code: (text: string) => string = (t) => t,
): string {
  const url = issued.heartbeatUrl.startsWith('/')
    ? `https://<the bot's address>${issued.heartbeatUrl}`
    : issued.heartbeatUrl;
  return [
    `Heartbeat token for "${issued.app.name}", shown only this once: keep it in the app's secret store, never in its code.`,
    code(issued.token),
    ...(issued.replaced ? ['The previous token of this app no longer works.'] : []),
    'The app reports that it is in use with a POST carrying the token (add the JSON body {"sandbox": true} when the use was in a sandbox with test data), for example:',
    code(`curl -X POST -H "Authorization: Bearer $MICROAPP_TOKEN" ${url}`),
    'An app that reports use is never asked whether it is still needed.',
  ].join('\n');
}
