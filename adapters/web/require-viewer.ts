import type { IncomingMessage, ServerResponse } from 'node:http';
import { PAGE_HEADERS } from './send-html';
import type { Viewer, ViewerOf } from './viewer';

/** Where a request without a session is sent. */
export const SIGN_IN_PATH = '/dashboard/sign-in';

/**
 * The viewer of a dashboard request; without a valid session, answers with a 303 to the sign-in page
 * (which shows no data) and returns undefined, so the caller just returns.
 */
export async function requireViewer(
  req: IncomingMessage,
  res: ServerResponse,
  viewerOf: ViewerOf,
): Promise<Viewer | undefined> {
  const viewer = await viewerOf(req);
  if (viewer) return viewer;
  res.writeHead(303, { ...PAGE_HEADERS, location: SIGN_IN_PATH, 'content-length': 0 });
  res.end();
  return undefined;
}
