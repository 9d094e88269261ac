import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** What every heartbeat token starts with, so people and secret scanners recognise one. */
export const APP_TOKEN_PREFIX = 'mab_';
/** Characters of the public id after the prefix (12 random bytes, base64url). */
const ID_CHARS = 16;
/** Characters of the secret after the id (32 random bytes, base64url). */
const SECRET_CHARS = 43;

/** A freshly made token: the text shown once, its id (the row's key) and the hash that is stored. */
export interface NewAppToken {
  id: string;
  token: string;
  hash: string;
}

/** Makes a token: `prefix` + a public id (finds the row without trying every hash) + a 256-bit secret. */
export function newPrefixedToken(prefix: string): NewAppToken {
  const id = randomBytes(12).toString('base64url');
  const token = `${prefix}${id}${randomBytes(32).toString('base64url')}`;
  return { id, token, hash: hashAppToken(token) };
}

/** The id inside a well-formed token with that prefix; undefined for anything else. */
export function prefixedTokenId(prefix: string, token: string): string | undefined {
  if (!token.startsWith(prefix) || token.length !== prefix.length + ID_CHARS + SECRET_CHARS) return undefined;
  return /^[A-Za-z0-9_-]+$/.test(token.slice(prefix.length))
    ? token.slice(prefix.length, prefix.length + ID_CHARS)
    : undefined;
}

/** Makes a heartbeat token (`mab_…`). */
export function newAppToken(): NewAppToken {
  return newPrefixedToken(APP_TOKEN_PREFIX);
}

/** The id inside a well-formed heartbeat token; undefined for anything else. */
export function appTokenId(token: string): string | undefined {
  return prefixedTokenId(APP_TOKEN_PREFIX, token);
}

/** The SHA-256 of a token, hex: all that is stored. */
export function hashAppToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** True when `token` hashes to `storedHash`, compared in constant time. */
export function appTokenMatches(token: string, storedHash: string): boolean {
  const given = Buffer.from(hashAppToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** A heartbeat token as stored: never the token itself, only its hash. */
export interface AppTokenRecord {
  id: string;
  appId: string;
  hash: string;
  createdBy: string;
  createdAt: string;
  revokedAt?: string;
  revokedBy?: string;
  lastUsedAt?: string;
}
