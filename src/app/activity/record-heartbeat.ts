import type { AppRecord } from '../../domain/app-record';
import { appTokenId, appTokenMatches, hashAppToken } from '../../domain/app-token';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';
import { startSandboxCount } from './record-sandbox-use';

/** Heartbeats closer together than this are checked but not written: a chatty app costs no writes. */
export const HEARTBEAT_WRITE_EVERY_MS = 60_000;
/** Compared against when no token row is found, so an unknown id takes as long as a wrong secret. */
const NO_HASH = hashAppToken('');

/** What one heartbeat says: the app was used, perhaps in a sandbox with test data. */
export interface Heartbeat {
  /** The app id (or name) the caller addressed. */
  app: string;
  token: string;
  sandbox: boolean;
}

/** `unauthorized`: no such token, a wrong or revoked one, or one for another app (all alike, so ids cannot be probed); `gone`: the app is decommissioned. */
export type HeartbeatOutcome =
  | { kind: 'recorded'; app: AppRecord; written: boolean }
  | { kind: 'unauthorized' }
  | { kind: 'gone'; appName: string };

/**
 * Records that an app is in use, on the word of its token: its last activity (and, for use in a
 * sandbox, since when it has had test data). The token is checked on every call; the write
 * happens at most once a minute per app unless the sandbox mark is new. Audited only when the
 * sandbox mark is set: a heartbeat is a sign of life, not a change of state.
 */
export function createRecordHeartbeat(deps: {
  registry: RegistryWith<'apps' | 'audit' | 'tokens'>;
  policy: () => Policy;
  clock: Clock;
}) {
  return async (beat: Heartbeat): Promise<HeartbeatOutcome> => {
    const id = appTokenId(beat.token);
    const found = await deps.registry.read(async (tx) => {
      const token = id ? await tx.tokens.find(id) : undefined;
      return { token, app: token && (await tx.apps.find(token.appId)) };
    });
    const { token, app } = found;
    const matches = appTokenMatches(beat.token, token?.hash ?? NO_HASH);
    if (
      !token ||
      !app ||
      !matches ||
      (beat.app !== app.id && beat.app.trim().toLowerCase() !== app.name.trim().toLowerCase())
    )
      return { kind: 'unauthorized' };
    if (app.status === 'decommissioned') return { kind: 'gone', appName: app.name };
    if (token.revokedAt) return { kind: 'unauthorized' };
    const now = deps.clock.now();
    const markSandbox = beat.sandbox && !app.sandboxSince;
    const recent =
      app.lastActiveAt !== undefined && now.getTime() - Date.parse(app.lastActiveAt) < HEARTBEAT_WRITE_EVERY_MS;
    if (recent && !markSandbox) return { kind: 'recorded', app, written: false };
    const at = now.toISOString();
    const patch = { lastActiveAt: at, ...(markSandbox && { sandboxSince: at }) };
    const written = await deps.registry.transaction(async (tx) => {
      if ((await tx.tokens.find(token.id))?.revokedAt) return false;
      await tx.apps.update(app.id, { lastActiveAt: at });
      await tx.tokens.markUsed(token.id, at);
      if (markSandbox)
        await startSandboxCount(tx, app, { platform: 'system', userId: `app-token:${token.id}` }, deps.policy(), at);
      return true;
    });
    return written ? { kind: 'recorded', app: { ...app, ...patch }, written } : { kind: 'unauthorized' };
  };
}
