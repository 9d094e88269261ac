import type { ApiTokenRecord } from '../domain/api-token';

/** A response kept under an `Idempotency-Key`, so a retried request gets it again instead of acting twice. */
export interface IdempotentResponse {
  key: string;
  /** Who sent it: the token id or the CI identity. */
  principal: string;
  /** A hash of the request (method, path, body): the same key with another request is refused. */
  requestHash: string;
  /** 0 while the first request with the key is still being answered. */
  status: number;
  body: string;
  createdAt: string;
}

/** API tokens, kept responses and spent CI token ids, read and written inside a registry transaction. */
export interface ApiTokens {
  insert(token: ApiTokenRecord): Promise<void>;
  find(id: string): Promise<ApiTokenRecord | undefined>;
  /** Every token, newest first, revoked ones included. */
  list(): Promise<ApiTokenRecord[]>;
  /** Revokes the token named (id or name) if it is active; true when it was. */
  revoke(idOrName: string, by: string, at: string): Promise<boolean>;
  markUsed(id: string, at: string): Promise<void>;
  /** The response kept (or being made) for `key` from `principal`, if any; `status` 0 while in progress. */
  keptResponse(key: string, principal: string): Promise<IdempotentResponse | undefined>;
  /** Claims `key` for a request in progress (status 0); false when the key is already claimed. */
  reserve(key: string, principal: string, requestHash: string, at: string): Promise<boolean>;
  /** Keeps the finished response under a claimed key. */
  complete(key: string, principal: string, status: number, body: string): Promise<void>;
  /** Gives a claimed key up (the request failed on the server's side: a retry may try again). */
  release(key: string, principal: string): Promise<void>;
  /** Records a CI token's `jti` as spent until it expires; false when it was already spent. */
  spendTokenId(jti: string, expiresAt: string): Promise<boolean>;
  /** Forgets kept responses and spent token ids older than `before`. */
  purge(before: string): Promise<void>;
}
