import type { createRemoteJWKSet } from 'jose';
import { echo } from '../../src/domain/safe-text';

/** The key set jose verifies against, or why the issuer's keys cannot be had now. */
export type IssuerKeys = { ok: true; keys: ReturnType<typeof createRemoteJWKSet> } | { ok: false; reason: string };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** After a failed discovery, the next token tries again after this long (no request storm on an outage). */
const RETRY_AFTER_MS = 10_000;

/**
 * The signing keys of an OIDC issuer: its discovery document (`/.well-known/openid-configuration`)
 * names the `jwks_uri`, fetched once; the key set itself is cached and refreshed by jose when an
 * unknown `kid` appears. An issuer that cannot be reached is a reason, never a throw.
 */
export function issuerKeys(
  issuer: string,
  remote: typeof createRemoteJWKSet,
  timeoutMs = 5_000,
): () => Promise<IssuerKeys> {
  let found: Promise<IssuerKeys> | undefined;
  let failedAt = 0;
  const unreachable = (why: string): IssuerKeys => ({
    ok: false,
    reason: `The bot could not read the signing keys of ${issuer} (${why}), so it cannot check this token. Retry in a minute; if it keeps failing, the bot's admin checks that the server can reach ${issuer}. API tokens still work meanwhile.`,
  });
  const discover = async (): Promise<IssuerKeys> => {
    const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    } catch (error) {
      return unreachable(
        (error as Error)?.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : 'connection failed',
      );
    }
    if (!response.ok) return unreachable(`its discovery document answered HTTP ${response.status}`);
    const doc = (await response.json().catch(() => undefined)) as { issuer?: unknown; jwks_uri?: unknown } | undefined;
    if (doc?.issuer !== issuer)
      return unreachable(
        `its discovery document names the issuer ${typeof doc?.issuer === 'string' ? `"${echo(doc.issuer, 120)}"` : 'nothing'}, not ${issuer}`,
      );
    let jwks: URL;
    try {
      jwks = new URL(String(doc.jwks_uri));
    } catch {
      return unreachable('its discovery document has no valid jwks_uri');
    }
    if (jwks.protocol !== 'https:' && !(jwks.protocol === 'http:' && LOOPBACK.has(jwks.hostname)))
      return unreachable('its jwks_uri is not an https address');
    return {
      ok: true,
      keys: remote(jwks, { timeoutDuration: timeoutMs, cooldownDuration: 30_000, cacheMaxAge: 600_000 }),
    };
  };
  return async () => {
    if (found === undefined || (failedAt > 0 && Date.now() - failedAt > RETRY_AFTER_MS)) {
      failedAt = 0;
      found = discover();
    }
    const keys = await found;
    if (!keys.ok && failedAt === 0) failedAt = Date.now();
    return keys;
  };
}
