import type { Actor } from '../../domain/actor';
import { actorRef } from '../../domain/actor';
import type { ApiScope, ApiTokenRecord } from '../../domain/api-token';
import { API_TOKEN_PREFIX } from '../../domain/api-token';
import { newPrefixedToken } from '../../domain/app-token';
import { AppError } from '../../domain/errors';
import { echo } from '../../domain/safe-text';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';

/** A token just issued: shown once, stored only as its hash. */
export interface IssuedApiToken {
  record: ApiTokenRecord;
  token: string;
}

/**
 * Issues an API token for another tool (a CI system, a portal): a name people recognise it by,
 * the scopes it may use, a random secret stored only as its hash. Names are unique among tokens
 * not revoked. Audited, never with the token.
 */
export function createIssueApiToken(deps: {
  registry: RegistryWith<'apiTokens' | 'audit'>;
  policy: () => Policy;
  clock: Clock;
}) {
  return (name: string, scopes: ApiScope[], actor: Actor): Promise<IssuedApiToken> =>
    deps.registry.transaction(async (tx) => {
      const clean = name.trim();
      if (!/^[\w .@/-]{1,100}$/.test(clean))
        throw new AppError(
          'api.bad_scopes',
          `"${echo(clean, 40)}" cannot name a token: use up to 100 letters, digits, spaces and . _ - / @ (e.g. --name "GitHub Actions").`,
        );
      if ((await tx.apiTokens.list()).some((t) => !t.revokedAt && t.name === clean))
        throw new AppError(
          'api.bad_scopes',
          `A token named "${clean}" is already in use: revoke it first (microapp api-token revoke "${clean}") or choose another name.`,
        );
      const made = newPrefixedToken(API_TOKEN_PREFIX);
      const at = deps.clock.now().toISOString();
      const record: ApiTokenRecord = {
        id: made.id,
        name: clean,
        hash: made.hash,
        scopes,
        createdBy: actorRef(actor),
        createdAt: at,
      };
      await tx.apiTokens.insert(record);
      await tx.audit.append(
        [
          {
            actor,
            action: 'api_token.issued',
            targetType: 'api_token',
            targetId: record.id,
            outcome: 'success',
            policyVersion: deps.policy().version,
            details: { name: clean, scopes: scopes.join(',') },
          },
        ],
        at,
      );
      return { record, token: made.token };
    });
}
