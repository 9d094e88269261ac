import type { AppTokenRecord } from '../domain/app-token';

/** Apps' heartbeat tokens (hashes only), read and written inside a registry transaction. */
export interface AppTokens {
  insert(token: AppTokenRecord): Promise<void>;
  find(id: string): Promise<AppTokenRecord | undefined>;
  /** Revokes the app's tokens not yet revoked; how many there were. */
  revokeActive(appId: string, by: string, at: string): Promise<number>;
  markUsed(id: string, at: string): Promise<void>;
}
