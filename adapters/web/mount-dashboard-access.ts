import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientAddress } from '../../src/http/client-address';
import type { Core } from '../../src/app/core';
import type { Clock } from '../../src/ports/clock';
import { systemClock } from '../../src/ports/clock';
import { isAppError } from '../../src/domain/errors';
import type { HttpServer } from '../../src/http/http-server';
import { readBody } from '../../src/http/read-body';
import { accountPage, continuePage, refusedPage, signInPage, tooManyPage } from './access-pages';
import { clearedSessionCookie, cookieOf, sessionCookie, sessionCookieName } from './cookies';
import type { RateLimit } from './rate-limit';
import { createRateLimit } from './rate-limit';
import { SIGN_IN_PATH, requireViewer } from './require-viewer';
import { fromSameOrigin } from './same-origin';
import { PAGE_HEADERS, sendHtml } from './send-html';
import { sessionViewerOf } from './session-viewer';
import type { ViewerOf } from './viewer';

/** The largest form the sign-in routes read. */
const FORM_MAX_BYTES = 4_096;

/** Single sign-on routes, when OIDC is configured: the button's provider name and the two handlers. */
export interface SingleSignOnRoutes {
  provider: string;
  start(req: IncomingMessage, res: ServerResponse): Promise<void>;
  callback(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** What the sign-in routes need. */
export interface DashboardAccessDeps {
  core: Pick<Core, 'checkSignInLink' | 'redeemSignInLink' | 'sessionViewer' | 'signOut'>;
  /** PUBLIC_URL: cookies are Secure (and `__Host-` named) when it is https. */
  publicUrl?: string;
  /** Times the rate limit's windows; the system clock when absent. */
  clock?: Clock;
  /** Sign-in attempts (link uses, single sign-on callbacks) per client address; 10 a minute when absent. */
  rateLimit?: RateLimit;
  /** Proxies in front of the bot (TRUSTED_PROXY_HOPS) whose X-Forwarded-For says the client address. */
  trustedProxyHops?: number;
  singleSignOn?: SingleSignOnRoutes;
}

/** Redirects with the page headers (303: the browser follows with a GET). */
export function seeOther(res: ServerResponse, location: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(303, { ...PAGE_HEADERS, location, 'content-length': 0, ...headers });
  res.end();
}

/**
 * Mounts the dashboard's sign-in routes: the sign-in page (no data), one-time links (a GET shows a
 * "Continue as" button, only the POST uses the link), the account page, sign-out, and single
 * sign-on when given. Returns the {@link ViewerOf} the dashboard pages use with {@link requireViewer}.
 */
export function mountDashboardAccess(http: HttpServer, deps: DashboardAccessDeps): { viewerOf: ViewerOf } {
  const secure = deps.publicUrl?.startsWith('https:') ?? false;
  const viewerOf = sessionViewerOf(deps.core, secure);
  const limit =
    deps.rateLimit ??
    createRateLimit({
      limit: 10,
      windowMs: 60_000,
      now: () => (deps.clock ?? systemClock).now().getTime(),
    });
  const limited = (req: IncomingMessage, res: ServerResponse): boolean => {
    const wait = limit.take(clientAddress(req, deps.trustedProxyHops ?? 0));
    if (wait > 0) sendHtml(res, 429, tooManyPage(wait), { 'retry-after': String(wait) });
    return wait > 0;
  };
  const crossSite = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (fromSameOrigin(req, deps.publicUrl)) return false;
    sendHtml(
      res,
      403,
      refusedPage(
        'This form came from another site',
        'The dashboard only takes forms sent from its own pages. Open the dashboard address yourself and try again.',
      ),
    );
    return true;
  };
  const form = async (req: IncomingMessage, res: ServerResponse): Promise<URLSearchParams | undefined> => {
    const body = await readBody(req, FORM_MAX_BYTES);
    if (body) return new URLSearchParams(body.toString('utf8'));
    sendHtml(res, 413, refusedPage('That form is too large', 'Send the form from the dashboard page as it is.'));
    return undefined;
  };
  const linkRefused = (res: ServerResponse, error: unknown): void => {
    if (!isAppError(error, 'dashboard.link_refused')) throw error;
    sendHtml(res, 410, refusedPage('This sign-in link cannot be used', error.message));
  };

  http.route('GET', SIGN_IN_PATH, (_req, res) => sendHtml(res, 200, signInPage(deps.singleSignOn)));
  http.route('GET', `${SIGN_IN_PATH}/link`, async (req, res) => {
    const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token') ?? undefined;
    try {
      sendHtml(res, 200, continuePage(await deps.core.checkSignInLink(token), token!));
    } catch (error) {
      linkRefused(res, error);
    }
  });
  http.route('POST', `${SIGN_IN_PATH}/link`, async (req, res) => {
    if (limited(req, res) || crossSite(req, res)) return;
    const fields = await form(req, res);
    if (!fields) return;
    try {
      const session = await deps.core.redeemSignInLink(fields.get('token') ?? undefined);
      seeOther(res, '/dashboard', { 'set-cookie': sessionCookie(session.sessionId, secure) });
    } catch (error) {
      linkRefused(res, error);
    }
  });
  http.route('GET', '/dashboard/account', async (req, res) => {
    const viewer = await requireViewer(req, res, viewerOf);
    if (viewer) sendHtml(res, 200, accountPage(viewer));
  });
  http.route('POST', '/dashboard/sign-out', async (req, res) => {
    if (crossSite(req, res)) return;
    const fields = await form(req, res);
    if (!fields) return;
    const viewer = await viewerOf(req);
    if (!viewer) return seeOther(res, SIGN_IN_PATH, { 'set-cookie': clearedSessionCookie(secure) });
    if (!sameText(fields.get('csrf') ?? '', viewer.csrfToken)) {
      return sendHtml(
        res,
        403,
        refusedPage(
          'Sign-out needs the button on a dashboard page',
          'This sign-out did not come from a dashboard page. Use the Sign out button on the dashboard.',
        ),
      );
    }
    await deps.core.signOut(cookieOf(req, sessionCookieName(secure)));
    seeOther(res, SIGN_IN_PATH, { 'set-cookie': clearedSessionCookie(secure) });
  });
  if (deps.singleSignOn) {
    const sso = deps.singleSignOn;
    http.route('GET', `${SIGN_IN_PATH}/oidc`, (req, res) => sso.start(req, res));
    http.route('GET', `${SIGN_IN_PATH}/oidc/callback`, async (req, res) => {
      if (!limited(req, res)) await sso.callback(req, res);
    });
  }
  return { viewerOf };
}

/** Compares a form token with the expected one in constant time. */
function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
