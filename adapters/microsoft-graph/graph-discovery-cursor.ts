/**
 * A Graph scan's stored cursor: the absolute `@odata.nextLink` of the next page, as JSON so a cursor
 * of another shape is recognised as not ours.
 */
export function encodeGraphCursor(nextLink: string): string {
  return JSON.stringify({ next: nextLink });
}

/**
 * The next page's address from a stored cursor, or undefined (the scan starts over) when the cursor is
 * not ours or points anywhere but under the configured GRAPH_API_URL: a stored cursor is never
 * followed to another host, since the request carries the Graph token.
 */
export function decodeGraphCursor(text: string, apiUrl: string): string | undefined {
  try {
    const next = (JSON.parse(text) as { next?: unknown }).next;
    if (typeof next !== 'string') return undefined;
    const url = new URL(next);
    const base = new URL(apiUrl);
    if (url.origin !== base.origin || !next.startsWith(`${apiUrl.replace(/\/+$/, '')}/`)) return undefined;
    return next;
  } catch {
    return undefined;
  }
}
