import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from '../../../src/app/core';
import { isWebSecret, newWebSecret } from '../../../src/domain/web-secret';
import { isAppError } from '../../../src/domain/errors';
import type { Logger } from '../../../src/log/logger';
import { refusedPage } from '../access-pages';
import { cookieOf, sessionCookie } from '../cookies';
import type { SingleSignOnRoutes } from '../mount-dashboard-access';
import { seeOther } from '../mount-dashboard-access';
import { sendHtml } from '../send-html';
import type { OidcProvider } from './oidc-provider';
import { flowSecrets } from './oidc-provider';
import { SignInRefused } from './sign-in-refused';

/** The cookie that carries one sign-in's secret from the start to the callback: 10 minutes, only on the sign-on paths. */
const FLOW_COOKIE = 'microapp_oidc';
const FLOW_PATH = '/dashboard/sign-in/oidc';
/** The path the provider sends the browser back to (register PUBLIC_URL + this at the provider). */
export const OIDC_CALLBACK_PATH = `${FLOW_PATH}/callback`;

function flowCookie(value: string, secure: boolean, maxAge = 600): string {
  return `${FLOW_COOKIE}=${value}; HttpOnly; SameSite=Lax; Path=${FLOW_PATH}; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}

/**
 * Single sign-on with an OpenID Connect provider: the start sends the browser to the provider with a
 * fresh state, nonce and PKCE challenge (all derived from a secret kept in a 10-minute HttpOnly
 * cookie, so nothing is stored); the callback checks the state, exchanges the code, verifies the ID
 * token and starts a session for its email if the people directory knows it.
 */
export function oidcRoutes(deps: {
  provider: OidcProvider;
  core: Pick<Core, 'signInVerifiedEmail'>;
  secure: boolean;
  /** PUBLIC_URL (else this machine's address) + the callback path. */
  redirectUri: () => string;
  logger: Logger;
}): SingleSignOnRoutes {
  const refuse = (res: ServerResponse, status: number, message: string) =>
    sendHtml(res, status, refusedPage('Single sign-on did not work', message), {
      'set-cookie': flowCookie('', deps.secure, 0),
    });
  const failed = (res: ServerResponse, error: unknown) => {
    if (error instanceof SignInRefused) {
      if (error.setup) deps.logger.warn('single sign-on needs attention', { problem: error.message, error });
      return refuse(res, error.setup ? 502 : 403, error.message);
    }
    if (isAppError(error, 'dashboard.not_allowed')) return refuse(res, 403, error.message);
    throw error;
  };
  return {
    provider: deps.provider.name,
    async start(_req: IncomingMessage, res: ServerResponse) {
      const secret = newWebSecret();
      try {
        const url = await deps.provider.authorizationUrl(flowSecrets(secret), deps.redirectUri());
        seeOther(res, url, { 'set-cookie': flowCookie(secret, deps.secure) });
      } catch (error) {
        failed(res, error);
      }
    },
    async callback(req: IncomingMessage, res: ServerResponse) {
      const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
      const secret = cookieOf(req, FLOW_COOKIE);
      const providerError = query.get('error');
      if (providerError)
        return refuse(
          res,
          403,
          `The sign-in provider said: ${providerError}${query.get('error_description') ? ` (${query.get('error_description')})` : ''}. Sign in again, or use a link from the bot in Slack or Teams.`,
        );
      if (!isWebSecret(secret) || query.get('state') !== flowSecrets(secret).state)
        return refuse(
          res,
          400,
          'This sign-in was started in another browser, or more than 10 minutes ago. Start it again from the sign-in page.',
        );
      const code = query.get('code');
      if (!code) return refuse(res, 400, 'The sign-in provider sent no code back. Start again from the sign-in page.');
      try {
        const flow = flowSecrets(secret);
        const email = await deps.provider.emailFor(code, flow, deps.redirectUri());
        const session = await deps.core.signInVerifiedEmail(email);
        seeOther(res, '/dashboard', {
          'set-cookie': [sessionCookie(session.sessionId, deps.secure), flowCookie('', deps.secure, 0)],
        });
      } catch (error) {
        failed(res, error);
      }
    },
  };
}
