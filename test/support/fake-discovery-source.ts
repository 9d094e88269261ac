import type { DiscoveredFacts, DiscoveryPage, DiscoverySource } from '../../src/ports/discovery-source';
import { DiscoverySourceError } from '../../src/ports/discovery-source';

/** One scripted answer of a fake source: a failure to throw instead of the page. */
export type FakeFailure = { permanent: boolean; code?: string; retryAfterMs?: number };

/** An in-process source serving `items` in pages of `pageSize`; cursors are page numbers. Records each cursor asked for. */
export function fakeDiscoverySource(
  name: string,
  items: () => DiscoveredFacts[],
  options: { pageSize?: number; paceMs?: number } = {},
): DiscoverySource & { asked: (string | undefined)[]; failNext: FakeFailure[] } {
  const pageSize = options.pageSize ?? 2;
  const asked: (string | undefined)[] = [];
  const failNext: FakeFailure[] = [];
  return {
    name,
    paceMs: options.paceMs ?? 0,
    asked,
    failNext,
    async scanPage(cursor?: string): Promise<DiscoveryPage> {
      asked.push(cursor);
      const failure = failNext.shift();
      if (failure)
        throw new DiscoverySourceError({
          source: name,
          code: failure.code ?? (failure.permanent ? 'missing_scope' : 'rate_limited'),
          fix: failure.permanent ? 'Give the token the admin.apps:read scope.' : 'Wait; it retries.',
          permanent: failure.permanent,
          retryAfterMs: failure.retryAfterMs,
        });
      const all = items();
      const page = Number(cursor ?? 0);
      const next = (page + 1) * pageSize < all.length ? String(page + 1) : undefined;
      return { items: all.slice(page * pageSize, (page + 1) * pageSize), cursor: next };
    },
  };
}

/** A discovered workflow with this id and name. */
export function fact(id: string, name = `Flow ${id}`, over: Partial<DiscoveredFacts> = {}): DiscoveredFacts {
  return { externalId: id, name, kind: 'workflow', people: [{ email: 'ana@example.com' }], ...over };
}
