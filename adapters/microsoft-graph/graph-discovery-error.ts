import { DiscoverySourceError } from '../../src/ports/discovery-source';
import { GraphError } from './graph-error';

/**
 * A failed Graph read as the discovery source's error. Refused credentials and a missing application
 * permission are permanent, with the permission to grant (or `forbiddenFix`, for another API); throttling (429/503/504) carries Graph's
 * Retry-After so the scan resumes from the same page; anything else is tried again later.
 */
export function graphDiscoveryError(
  source: string,
  permission: string,
  error: unknown,
  forbiddenFix?: string,
): DiscoverySourceError {
  if (error instanceof DiscoverySourceError) return error;
  if (!(error instanceof GraphError))
    return new DiscoverySourceError({
      source,
      code: `${source}.failed`,
      fix: `Reading ${source} failed (${(error as Error)?.message ?? String(error)}); the scan tries again later.`,
      permanent: false,
      cause: error,
    });
  if (error.kind === 'credentials')
    return new DiscoverySourceError({
      source,
      code: `${source}.credentials`,
      fix: `${error.message} ${error.fix}`,
      permanent: true,
      cause: error,
    });
  if (error.kind === 'forbidden')
    return new DiscoverySourceError({
      source,
      code: `${source}.forbidden`,
      fix: `${error.message} ${forbiddenFix ?? `Give the app registration (GRAPH_CLIENT_ID) the Microsoft Graph application permission ${permission} (API permissions > Add a permission > Microsoft Graph > Application permissions), then grant admin consent.`}`,
      permanent: true,
      cause: error,
    });
  const throttled = error.status === 429 || error.status === 503 || error.status === 504;
  return new DiscoverySourceError({
    source,
    code: throttled
      ? `${source}.throttled`
      : error.graphCode === 'garbage'
        ? `${source}.garbage`
        : `${source}.unavailable`,
    fix: throttled
      ? `${error.message} The scan resumes from the page it was on after ${Math.ceil((error.retryAfterMs ?? 0) / 1000)} s.`
      : `${error.message} ${error.fix}`,
    permanent: false,
    ...(throttled && { retryAfterMs: error.retryAfterMs }),
    cause: error,
  });
}
