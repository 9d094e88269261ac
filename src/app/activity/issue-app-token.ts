import type { Actor } from '../../domain/actor';
import { actorRef, refersTo } from '../../domain/actor';
import type { AppRecord } from '../../domain/app-record';
import { newAppToken } from '../../domain/app-token';
import { AppError } from '../../domain/errors';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';
import { findAppOrThrow } from '../../ports/find-app-or-throw';

/** Apps that can no longer report use, so get no token. */
const ENDED = new Set(['decommissioned', 'rejected', 'prohibited']);

/** A token just issued: shown once, never stored in the clear. */
export interface IssuedAppToken {
  app: AppRecord;
  token: string;
  /** Where the app posts its heartbeat: the bot's public URL when configured, else a path on it. */
  heartbeatUrl: string;
  /** True when an earlier token was revoked by this one. */
  replaced: boolean;
}

/** Who may hold an app's token: its owner or backup owner on chat, or an admin at the command line. */
export function assertTokenKeeper(app: AppRecord, actor: Actor): void {
  if (actor.platform === 'cli' || refersTo(app.owner, actor) || refersTo(app.backupOwner, actor)) return;
  throw new AppError('app.not_owner', `Only the owner or backup owner of "${app.name}" can get its token.`, {
    appName: app.name,
    stewards: [app.owner, ...(app.backupOwner ? [app.backupOwner] : [])],
    tokenFor: app.name,
  });
}

/** The path of an app's heartbeat endpoint on the bot, under `publicUrl` when given. */
export function heartbeatUrl(appId: string, publicUrl?: string): string {
  return `${(publicUrl ?? '').replace(/\/+$/, '')}/api/v1/apps/${encodeURIComponent(appId)}/heartbeat`;
}

/**
 * Issues an app's heartbeat token: a new random secret, stored only as its hash. An app has one
 * token at a time, so issuing revokes the one before. Audited (never the token itself).
 */
export function createIssueAppToken(deps: {
  registry: RegistryWith<'apps' | 'audit' | 'tokens'>;
  policy: () => Policy;
  clock: Clock;
  publicUrl?: string;
}) {
  return (idOrName: string, actor: Actor): Promise<IssuedAppToken> =>
    deps.registry.transaction(async (tx) => {
      const app = await findAppOrThrow(tx, idOrName);
      assertTokenKeeper(app, actor);
      if (ENDED.has(app.status)) {
        throw new AppError(
          'app.wrong_status',
          `"${app.name}" is ${app.status.replace('_', ' ')}, so it has no use to report and gets no token.`,
          { appName: app.name, status: app.status },
        );
      }
      const at = deps.clock.now().toISOString();
      const by = actorRef(actor);
      const replaced = await tx.tokens.revokeActive(app.id, by, at);
      const { id, token, hash } = newAppToken();
      await tx.tokens.insert({ id, appId: app.id, hash, createdBy: by, createdAt: at });
      await tx.audit.append(
        [
          {
            actor,
            action: 'app.token_issued',
            targetType: 'app',
            targetId: app.id,
            outcome: 'success',
            policyVersion: deps.policy().version,
            details: { tokenId: id, replaced },
          },
        ],
        at,
      );
      return { app, token, heartbeatUrl: heartbeatUrl(app.id, deps.publicUrl), replaced: replaced > 0 };
    });
}
