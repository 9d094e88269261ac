import { DiscoverySourceError } from '../../src/ports/discovery-source';

/** The REST API version the connector is written against (sent as X-GitHub-Api-Version). */
export const GITHUB_API_VERSION = '2022-11-28';

/** How to reach GitHub's REST API. */
export interface GithubClientOptions {
  token: string;
  fetch: typeof fetch;
  now: () => number;
  timeoutMs: number;
}

/** An answer the connector can use: 2xx, or a 404 the caller asked to see (`absent`). */
export type GithubAnswer = { absent: true } | { absent: false; body: unknown; next?: string };

/**
 * GETs `url` with the token and the documented version header. A missing permission or bad token
 * throws a permanent DiscoverySourceError whose fix names `permission`; rate limits and outages throw
 * retryable ones (after the time GitHub asks for). With `allowMissing`, 404 answers `{ absent: true }`.
 */
export async function githubGet(
  url: string,
  client: GithubClientOptions,
  needs: { permission: string; what: string; allowMissing?: boolean },
): Promise<GithubAnswer> {
  let response: Response;
  try {
    response = await client.fetch(url, {
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${client.token}`,
        'x-github-api-version': GITHUB_API_VERSION,
        'user-agent': 'microapp-bot',
      },
      signal: AbortSignal.timeout(client.timeoutMs),
    });
  } catch (error) {
    throw retryable('github.unreachable', `${needs.what} could not be reached`, undefined, error);
  }
  const text = await response.text();
  if (response.ok) {
    try {
      return { absent: false, body: JSON.parse(text), next: nextLink(response.headers.get('link')) };
    } catch (error) {
      throw retryable('github.garbage', `${needs.what} answered something that is not JSON`, undefined, error);
    }
  }
  if (response.status === 404 && needs.allowMissing) return { absent: true };
  const wait = rateLimitWait(response, text, client.now());
  if (wait !== undefined) {
    throw retryable('github.ratelimited', `GitHub rate-limited ${needs.what}`, wait);
  }
  if (response.status === 401) {
    throw permanent(
      'github.bad_credentials',
      `GitHub refused GITHUB_TOKEN (expired, revoked or mistyped): create a new token with ${needs.permission} and put it in GITHUB_TOKEN.`,
    );
  }
  if (response.status === 403 && response.headers.get('x-github-sso')) {
    throw permanent(
      'github.sso_required',
      `The organization uses SAML single sign-on: authorize GITHUB_TOKEN for it (Settings → Developer settings → the token → Configure SSO), then scan again.`,
    );
  }
  if (response.status === 403) {
    throw permanent('github.forbidden', `GITHUB_TOKEN may not read ${needs.what}: give it ${needs.permission}.`);
  }
  if (response.status === 404) {
    throw permanent(
      'github.not_found',
      `GitHub found no ${needs.what}: check GITHUB_ORG, and that GITHUB_TOKEN can see the organization (${needs.permission}).`,
    );
  }
  throw retryable('github.unavailable', `${needs.what} answered HTTP ${response.status}`);
}

/** Milliseconds GitHub asks us to wait, when the answer is a primary or secondary rate limit. */
function rateLimitWait(response: Response, text: string, now: number): number | undefined {
  if (response.status !== 403 && response.status !== 429) return undefined;
  const retryAfter = response.headers.get('retry-after');
  if (retryAfter && /^\d+$/.test(retryAfter.trim())) return Number(retryAfter.trim()) * 1000;
  const reset = response.headers.get('x-ratelimit-reset');
  if (response.headers.get('x-ratelimit-remaining') === '0' && reset && /^\d+$/.test(reset)) {
    return Math.max(0, Number(reset) * 1000 - now) + 1000;
  }
  // GitHub's guidance for a secondary limit without headers: wait at least a minute.
  if (response.status === 429 || /rate limit/i.test(text)) return 60_000;
  return undefined;
}

/** The `rel="next"` address of a Link header. */
export function nextLink(link: string | null): string | undefined {
  for (const part of (link ?? '').split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part.trim());
    if (match) return match[1];
  }
  return undefined;
}

function permanent(code: string, fix: string): DiscoverySourceError {
  return new DiscoverySourceError({ source: 'github', code, fix, permanent: true });
}

function retryable(code: string, what: string, retryAfterMs?: number, cause?: unknown): DiscoverySourceError {
  const fix =
    retryAfterMs === undefined
      ? `${what}; the scan resumes later from the page it was on. If it persists, check GITHUB_API_URL (leave it unset for https://api.github.com) and any proxy.`
      : `${what}; the scan goes on from the page it was on after ${Math.ceil(retryAfterMs / 1000)} s (after a longer wait the scan stops and goes on from that page once the wait is over, at least an hour later).`;
  return new DiscoverySourceError({
    source: 'github',
    code,
    fix,
    permanent: false,
    retryAfterMs,
    cause,
  });
}
