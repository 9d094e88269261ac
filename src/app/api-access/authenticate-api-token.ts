import type { ApiTokenRecord } from '../../domain/api-token';
import { API_TOKEN_PREFIX } from '../../domain/api-token';
import { appTokenMatches, prefixedTokenId } from '../../domain/app-token';
import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';

/** How often a token's last use is written, at most: a busy CI does not write on every call. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The active API token a bearer token is, or undefined for a malformed, unknown, wrong or revoked
 * one (all alike, compared in constant time).
 */
export function createAuthenticateApiToken(deps: { registry: RegistryWith<'apiTokens'>; clock: Clock }) {
  return async (token: string): Promise<ApiTokenRecord | undefined> => {
    const id = prefixedTokenId(API_TOKEN_PREFIX, token);
    if (!id) return undefined;
    const record = await deps.registry.read((tx) => tx.apiTokens.find(id));
    if (!record || record.revokedAt || !appTokenMatches(token, record.hash)) return undefined;
    const now = deps.clock.now();
    if (!record.lastUsedAt || now.getTime() - Date.parse(record.lastUsedAt) > TOUCH_EVERY_MS)
      await deps.registry.transaction((tx) => tx.apiTokens.markUsed(id, now.toISOString()));
    return record;
  };
}
