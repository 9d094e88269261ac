import type { IncomingMessage } from 'node:http';

/**
 * True unless a browser says the POST comes from another site. `Sec-Fetch-Site` decides when sent
 * (same-origin, or none when the person typed the address). Without it, an `Origin` must name the
 * host the request was sent to or `publicUrl`'s; an opaque `null` origin passes, because the pages'
 * `Referrer-Policy: no-referrer` makes browsers send that for their own forms. Clients that send
 * neither header (scripts) pass; the forms' tokens still apply.
 */
export function fromSameOrigin(req: IncomingMessage, publicUrl?: string): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  const origin = req.headers.origin;
  if (origin === undefined || origin === 'null') return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  return host === req.headers.host || (publicUrl !== undefined && host === new URL(publicUrl).host);
}
