import type { Actor } from '../domain/actor';
import { refersTo } from '../domain/actor';
import type { AppRecord } from '../domain/app-record';
import { AppError } from '../domain/errors';
import type { Policy } from '../policy/policy';
import type { RegistryTx } from '../ports/registry';

/** Finds an app by id or name inside a transaction, or throws `app.not_found`. */
export async function findAppOrThrow(tx: RegistryTx, idOrName: string): Promise<AppRecord> {
  const app = (await tx.apps.find(idOrName)) ?? (await tx.apps.findByName(idOrName));
  if (!app) throw new AppError('app.not_found', `No app called "${idOrName}" is registered.`);
  return app;
}

/** Throws `app.not_owner` unless the actor owns or backs up the app, or holds the admin role. */
export function assertSteward(app: AppRecord, actor: Actor, policy: Policy): void {
  const admin = policy.roles.admin?.members.some((m) => refersTo(m, actor)) ?? false;
  if (!admin && !refersTo(app.owner, actor) && !refersTo(app.backupOwner, actor)) {
    throw new AppError('app.not_owner', `Only the owner or backup owner of "${app.name}" can do that.`, { appName: app.name });
  }
}
