import type { ServerResponse } from 'node:http';
import type { SafeHtml } from './html';

/**
 * Headers every dashboard answer carries: a strict Content-Security-Policy (no script at all,
 * styles and images only from the bot itself), no framing, no sniffing, no referrer leaking a
 * link's token, and no caching of pages that show registry data.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** Sends a page with {@link PAGE_HEADERS} and any extra headers (cookies, a redirect). */
export function sendHtml(
  res: ServerResponse,
  status: number,
  page: SafeHtml,
  headers: Record<string, string | string[]> = {},
): void {
  const body = page.text;
  res.writeHead(status, {
    ...PAGE_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}
