import { AppError } from './errors';
import { echo } from './safe-text';

/** What every API token starts with, so people and secret scanners recognise one. */
export const API_TOKEN_PREFIX = 'mapi_';

/** What an API token may do: read the registry, ask the gate, register apps. */
export const API_SCOPES = ['read', 'gate', 'register'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** An API token as stored: never the token itself, only its hash. */
export interface ApiTokenRecord {
  id: string;
  name: string;
  hash: string;
  scopes: ApiScope[];
  createdBy: string;
  createdAt: string;
  revokedAt?: string;
  revokedBy?: string;
  lastUsedAt?: string;
}

/** Reads `read,gate` into scopes; every name must be one of {@link API_SCOPES}. */
export function parseScopes(text: string): ApiScope[] {
  const names = [...new Set(text.split(/[\s,]+/).filter(Boolean))];
  const unknown = names.filter((n) => !(API_SCOPES as readonly string[]).includes(n));
  if (unknown.length || names.length === 0)
    throw new AppError(
      'api.bad_scopes',
      `${unknown.length ? `"${echo(unknown[0]!, 30)}" is not a scope` : 'Name at least one scope'}: use ${API_SCOPES.join(', ')}, comma-separated (e.g. --scopes read,gate).`,
    );
  return names as ApiScope[];
}
