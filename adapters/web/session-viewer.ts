import type { Core } from '../../src/app/core';
import { cookieOf, sessionCookieName } from './cookies';
import type { ViewerOf } from './viewer';

/**
 * The dashboard's {@link ViewerOf}: the session cookie → the stored session → the person and what
 * they may see. Expired, ended, forged or missing cookies give undefined.
 */
export function sessionViewerOf(core: Pick<Core, 'sessionViewer'>, secure: boolean): ViewerOf {
  const name = sessionCookieName(secure);
  return (req) => core.sessionViewer(cookieOf(req, name));
}
