import type { IncomingMessage } from 'node:http';

/**
 * True unless a browser says the POST comes from another site: `Sec-Fetch-Site` other than
 * same-origin (or none, typed by the person), or an `Origin` whose host is neither the one the
 * request was sent to nor `publicUrl`'s. Clients that send neither (scripts) pass; forms still need
 * their token.
 */
export function fromSameOrigin(req: IncomingMessage, publicUrl?: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  return host === req.headers.host || (publicUrl !== undefined && host === new URL(publicUrl).host);
}
